package org.lowernet.image.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.disk.Partition;
import org.lowernet.image.fat.FatReader;

/**
 * What QEMU needs from a lowernet image, taken from its FAT boot partition: QEMU never runs the Pi
 * firmware, so it is handed the kernel, initramfs, DTB and command line the firmware would have used.
 *
 * @param kernelArguments cmdline.txt without its {@code console=} entries (the machine sets its own)
 */
public record ImageBootFiles(Path kernel, Path initrd, Optional<Path> dtb, String kernelArguments) {

    static final String KERNEL = "vmlinuz";
    static final String INITRD = "initrd.img";
    static final String CMDLINE = "cmdline.txt";
    /** QEMU's raspi3b is a Pi 3 Model B. */
    static final String RASPI3B_DTB = "bcm2837-rpi-3-b.dtb";

    /** Copies the files out of {@code image} into {@code folder}. */
    public static ImageBootFiles extract(Path image, QemuMachine machine, Path folder) throws IOException {
        try (FileChannel disk = FileChannel.open(image, StandardOpenOption.READ)) {
            Partition boot = MasterBootRecord.read(disk).partitions().stream().findFirst()
                    .orElseThrow(() -> new IOException(image + " has no partitions"));
            FatReader fat = new FatReader(disk, boot.startLba() * MasterBootRecord.SECTOR_SIZE);
            Path kernel = copy(fat, KERNEL, folder);
            Path initrd = copy(fat, INITRD, folder);
            Optional<Path> dtb = machine.needsDtb() ? Optional.of(copy(fat, RASPI3B_DTB, folder)) : Optional.empty();
            String cmdline = new String(fat.read(CMDLINE), StandardCharsets.UTF_8);
            String arguments = Arrays.stream(cmdline.strip().split("\\s+"))
                    .filter(word -> !word.startsWith("console="))
                    .collect(Collectors.joining(" "));
            return new ImageBootFiles(kernel, initrd, dtb, arguments);
        } catch (IOException e) {
            throw new IOException("reading the boot files of " + image + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(FatReader fat, String name, Path folder) throws IOException {
        Path out = folder.resolve(name);
        Files.write(out, fat.read(name));
        return out;
    }
}
