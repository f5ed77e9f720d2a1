package org.lowernet.image.qemu;

import java.util.List;
import java.util.Locale;

/**
 * The QEMU machines lowernet boots on, and how each one is wired: which serial port carries the
 * console, how the SD image is attached, and what the machine needs (measured with QEMU 7.2 and the
 * Debian trixie 6.12 arm64 kernel).
 */
public enum QemuMachine {

    /**
     * The generic arm64 board: QEMU builds its own device tree; the PL011 ({@code ttyAMA0}) is the
     * first serial port. The image is a virtio disk whose writes go to a throw-away snapshot: the node
     * formats its data partition as on a fresh card, and a test never changes the file it built. An i6300esb
     * watchdog (the qemu-virt board arms it; QEMU resets the machine when it expires, and the harness never passes
     * -no-reboot, so the guest boots again in the same QEMU process). Two CPUs (QEMU's multi-threaded TCG): the Pis
     * have four, and the JVM starts about a third faster on two than on one, even on a 2-core host, because its JIT
     * and GC threads get their own CPU (to ready in 16 s rather than 21-26 s).
     */
    VIRT("virt",
            List.of("-cpu", "cortex-a72", "-smp", "2", "-m", "1024", "-nic", "none", "-device", "i6300esb"),
            List.of("-serial", "stdio"),
            "console=ttyAMA0",
            "if=virtio,format=raw,snapshot=on",
            false, false),

    /**
     * The Pi 3B model (1 GiB, fixed). With bcm2837-rpi-3-b.dtb the PL011 belongs to Bluetooth (serdev,
     * no ttyAMA0 appears), so the console is the mini-UART, {@code ttyS1}, exactly as on a real Pi 3;
     * QEMU wires the mini-UART to its second serial port, hence {@code -serial null -serial stdio}.
     * QEMU refuses a read-only SD card, so writes go to a throw-away snapshot instead; the card size
     * must be a power of two. QEMU's BCM2835 watchdog resets the machine the moment it starts (it does not count
     * down), and the device tree is a real Pi 3B's (so the rpi3 profile arms it): the kernel command line tells
     * the runtime not to. Its four CPUs run on one host thread ({@code -accel tcg,thread=single}): with a thread
     * each (multi-threaded TCG) on a 2-core host, the kernel printed its first line 74-131 s after QEMU started, and
     * 2.8 s on one thread; the whole boot to ready took 43 s against 163 s.
     */
    RASPI3B("raspi3b",
            List.of("-accel", "tcg,thread=single"),
            List.of("-serial", "null", "-serial", "stdio"),
            "console=ttyS1,115200 lowernet.watchdog=off",
            "if=sd,format=raw,snapshot=on",
            true, true);

    private final String qemuName;
    private final List<String> machineArguments;
    private final List<String> serialArguments;
    private final String consoleArgument;
    private final String driveOptions;
    private final boolean needsDtb;
    private final boolean needsPowerOfTwoImage;

    QemuMachine(String qemuName, List<String> machineArguments, List<String> serialArguments,
            String consoleArgument, String driveOptions, boolean needsDtb, boolean needsPowerOfTwoImage) {
        this.qemuName = qemuName;
        this.machineArguments = machineArguments;
        this.serialArguments = serialArguments;
        this.consoleArgument = consoleArgument;
        this.driveOptions = driveOptions;
        this.needsDtb = needsDtb;
        this.needsPowerOfTwoImage = needsPowerOfTwoImage;
    }

    /** Looks a machine up by its QEMU name ({@code virt}, {@code raspi3b}). */
    public static QemuMachine byName(String name) {
        for (QemuMachine machine : values()) {
            if (machine.qemuName.equals(name.toLowerCase(Locale.ROOT))) {
                return machine;
            }
        }
        throw new IllegalArgumentException("unknown machine '" + name + "': use one of " + names());
    }

    /** The machine names, for messages: {@code virt|raspi3b}. */
    public static String names() {
        return String.join("|", java.util.Arrays.stream(values()).map(QemuMachine::qemuName).toList());
    }

    public String qemuName() {
        return qemuName;
    }

    /** CPU, memory and NIC arguments that belong to the machine, not to the boot. */
    public List<String> machineArguments() {
        return machineArguments;
    }

    /** Routes the console's serial port to QEMU's stdio. */
    public List<String> serialArguments() {
        return serialArguments;
    }

    /** The kernel's {@code console=} argument for this machine's serial console, and what the machine needs said. */
    public String consoleArgument() {
        return consoleArgument;
    }

    /** The {@code -drive} options after {@code file=} that attach the SD image (with a throw-away snapshot). */
    public String driveOptions() {
        return driveOptions;
    }

    /** The {@code -drive} options without the snapshot: the guest's writes land in the image file. */
    public String writableDriveOptions() {
        return driveOptions.replace(",snapshot=on", "");
    }

    /** True when QEMU has no device tree of its own for the machine and must be given one. */
    public boolean needsDtb() {
        return needsDtb;
    }

    /** True when the SD card model accepts only power-of-two sizes. */
    public boolean needsPowerOfTwoImage() {
        return needsPowerOfTwoImage;
    }
}
