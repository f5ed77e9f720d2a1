/**
 * Boots a lowernet kernel and initramfs under QEMU, headless, and watches the serial console: the
 * test rig's way to see that an image really comes up. Two machines: {@code virt} (fast, for timings
 * and networking) and {@code raspi3b} (the Pi 3's SoC, SD card, GPIO and DTB).
 *
 * <p>Limits: QEMU never runs the Pi firmware, so the kernel, initramfs, DTB and kernel command line are
 * handed to QEMU directly and config.txt is not exercised. The console is one line-oriented stream
 * (QEMU's stdout and stderr merged); a partial line such as a shell prompt is seen only once the next
 * newline arrives. QEMU itself is a host tool here, needed only by tests and {@code lowernet boot},
 * never by the image build.
 */
package org.lowernet.image.qemu;
