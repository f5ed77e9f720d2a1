package org.lowernet.image.fat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * What a FAT32 filesystem is made with, besides its files.
 *
 * @param sizeBytes size of the filesystem (the partition), a multiple of 512
 * @param volumeId the 32-bit volume serial number (BS_VolID); derive it from the inputs, not the clock
 * @param label up to 11 characters of upper-case ASCII, digits, space, '-' or '_', e.g. "LOWERNET"
 * @param timestamp the build epoch, given to every entry as creation, write and access time;
 *     FAT dates cover 1980..2107 with 2-second resolution
 */
public record FatVolume(long sizeBytes, int volumeId, String label, LocalDateTime timestamp) {

    static final int LABEL_LENGTH = 11;

    public FatVolume {
        if (sizeBytes <= 0 || sizeBytes % FatGeometry.SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("FAT filesystem size " + sizeBytes
                    + " bytes is not a positive multiple of " + FatGeometry.SECTOR_SIZE);
        }
        if (label.isEmpty() || label.length() > LABEL_LENGTH || !label.matches("[A-Z0-9 _-]+")) {
            throw new IllegalArgumentException("FAT volume label \"" + label
                    + "\" must be 1-11 characters of A-Z, 0-9, space, '-' or '_'");
        }
        if (timestamp.getYear() < 1980 || timestamp.getYear() > 2107) {
            throw new IllegalArgumentException("timestamp " + timestamp
                    + " is outside the years FAT can store (1980..2107)");
        }
    }

    /** The label padded with spaces to 11 bytes, as the boot sector and root directory store it. */
    byte[] labelBytes() {
        return String.format("%-11s", label).getBytes(StandardCharsets.US_ASCII);
    }
}
