/**
 * {@code lowernet flash} (scripts/flash-sd): writes an image ({@code .img} or {@code .img.xz}) to an SD card or a file,
 * guided by the {@code .bmap} beside it when there is one, then syncs and verifies by reading back.
 * Before touching a disk it reads the disk's description from sysfs and {@code /proc/self/mountinfo}
 * and refuses a disk that is not removable, is mounted or held, is too small, or holds the running root.
 * Limits: Linux only; swap on the card is not detected; read-back bypasses the page cache (O_DIRECT)
 * on a device but not on a regular file.
 */
package org.lowernet.image.flash;
