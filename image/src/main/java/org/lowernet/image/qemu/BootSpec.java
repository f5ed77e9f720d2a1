package org.lowernet.image.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to boot and on which machine: the files QEMU is handed directly (it never runs the Pi firmware),
 * the optional SD image, extra kernel arguments (after the machine's {@code console=}) and extra QEMU
 * arguments (e.g. {@code -device} lines for NICs). The image is attached with a throw-away
 * snapshot unless {@code writableImage}: then the guest's writes land in the file (a test that boots the same
 * card twice, or judges it with host tools afterwards).
 */
public record BootSpec(
        QemuMachine machine,
        String qemu,
        Path kernel,
        Path initrd,
        Optional<Path> dtb,
        Optional<Path> image,
        String kernelArguments,
        List<String> qemuArguments,
        boolean writableImage) {

    /** The QEMU binary looked up on PATH unless a spec names another. */
    public static final String DEFAULT_QEMU = "qemu-system-aarch64";

    public BootSpec {
        qemuArguments = List.copyOf(qemuArguments);
    }

    public static Builder builder(QemuMachine machine) {
        return new Builder(machine);
    }

    /** Collects the fields and reports every problem at once when built. */
    public static final class Builder {
        private final QemuMachine machine;
        private String qemu = DEFAULT_QEMU;
        private Path kernel;
        private Path initrd;
        private Path dtb;
        private Path image;
        private String kernelArguments = "";
        private final List<String> qemuArguments = new ArrayList<>();
        private boolean writableImage;

        private Builder(QemuMachine machine) {
            this.machine = machine;
        }

        /** A binary name looked up on PATH, or a path to the binary. */
        public Builder qemu(String nameOrPath) {
            this.qemu = nameOrPath;
            return this;
        }

        public Builder kernel(Path kernel) {
            this.kernel = kernel;
            return this;
        }

        public Builder initrd(Path initrd) {
            this.initrd = initrd;
            return this;
        }

        public Builder dtb(Path dtb) {
            this.dtb = dtb;
            return this;
        }

        public Builder image(Path image) {
            this.image = image;
            return this;
        }

        /**
         * Attaches the image without the machine's throw-away snapshot: the guest writes into the file. For a
         * copy made for the purpose, never for a built image other tests share.
         */
        public Builder writableImage() {
            this.writableImage = true;
            return this;
        }

        /** Kernel arguments appended after the machine's {@code console=}. */
        public Builder kernelArguments(String arguments) {
            this.kernelArguments = arguments.strip();
            return this;
        }

        /** Extra QEMU arguments, appended last, e.g. {@code "-rtc", "base=1970-01-01"}. */
        public Builder qemuArguments(String... arguments) {
            qemuArguments.addAll(List.of(arguments));
            return this;
        }

        public BootSpec build() {
            List<String> problems = new ArrayList<>();
            requireFile("kernel", kernel, problems);
            requireFile("initrd", initrd, problems);
            if (machine.needsDtb() && dtb == null) {
                problems.add(machine.qemuName() + " needs a device tree: give the DTB (bcm2837-rpi-3-b.dtb)");
            } else if (!machine.needsDtb() && dtb != null) {
                problems.add(machine.qemuName() + " builds its own device tree: drop the DTB " + dtb);
            } else if (dtb != null) {
                requireFile("DTB", dtb, problems);
            }
            if (image != null && requireFile("image", image, problems) && machine.needsPowerOfTwoImage()) {
                long size = size(image);
                if (Long.bitCount(size) != 1) {
                    problems.add("image " + image + " is " + size + " bytes, but the " + machine.qemuName()
                            + " SD card must be a power of two: pad it (truncate -s "
                            + Long.highestOneBit(size) * 2 + ") or build it that size");
                }
            }
            if (writableImage && image == null) {
                problems.add("a writable image was asked for, but no image given");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("cannot boot on " + machine.qemuName() + ": "
                        + String.join("; ", problems));
            }
            return new BootSpec(machine, qemu, kernel, initrd, Optional.ofNullable(dtb),
                    Optional.ofNullable(image), kernelArguments, qemuArguments, writableImage);
        }

        private static boolean requireFile(String what, Path path, List<String> problems) {
            if (path == null) {
                problems.add("no " + what + " given");
                return false;
            }
            if (!Files.isRegularFile(path)) {
                problems.add(what + " " + path + " is not a file");
                return false;
            }
            return true;
        }

        private static long size(Path path) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the size of " + path, e);
            }
        }
    }
}
