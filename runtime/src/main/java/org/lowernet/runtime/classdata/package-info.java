/**
 * The JVM's class-data cache (CDS archive) on {@code /data}: the image's JRE has none (an arm64 archive can only
 * be made by an arm64 JVM), so without it every start parses each JDK and lowernet class again. The device's
 * launcher ({@code bin/lowernet}) lists the classes each start loads in {@code /run/lowernet/classes.list}, and
 * gives the JVM the archive named for this runtime and JRE (a checksum of the jars and the JRE's module list) when
 * {@code /data} holds one, copied out of the unmounted partition at a power-on ({@code bin/ext4-copy}: debugfs's
 * map of its extents, dd's copy). {@link
 * org.lowernet.runtime.classdata.ClassDataCache} says whether this start used it and, some time after ready, makes
 * one with {@code java -Xshare:dump} at low priority when it was missing or the JVM refused it. The JVM checks the
 * archive itself (version, jars, checksums): a stale or corrupt one is ignored, and then remade.
 */
package org.lowernet.runtime.classdata;
