package org.lowernet.image.flash;

import java.util.List;

/**
 * What flash-sd knows about a whole disk before it overwrites it.
 *
 * @param name        the kernel's name, such as {@code sdb} or {@code mmcblk0}
 * @param sizeBytes   its capacity
 * @param removable   the kernel marks it removable, or it is an SD/MMC card ({@code mmcblk*}: built-in card
 *                    readers report removable 0 although the card comes out)
 * @param model       the model the device reports, for the person to recognise it
 * @param inUse       what holds it: mount points of the disk or its partitions, device-mapper holders
 * @param holdsRoot   the running system's root filesystem lives on it
 */
public record BlockDevice(String name, long sizeBytes, boolean removable, String model, List<String> inUse,
        boolean holdsRoot) {

    public BlockDevice {
        inUse = List.copyOf(inUse);
    }

    /** Every reason not to write an image of {@code imageBytes} here; empty when it is safe. */
    public List<String> refusals(long imageBytes) {
        List<String> reasons = new java.util.ArrayList<>();
        if (holdsRoot) {
            reasons.add("/dev/" + name + " holds the running system's root filesystem: this is the computer's own disk");
        }
        if (!removable) {
            reasons.add("/dev/" + name + " is not removable (sysfs removable=0): SD cards and USB card readers are;"
                    + " check the name with lsblk");
        }
        if (!inUse.isEmpty()) {
            reasons.add("/dev/" + name + " is in use: " + String.join(", ", inUse) + "; unmount it first"
                    + " (udisksctl unmount -b /dev/" + name + "N, or umount)");
        }
        if (sizeBytes < imageBytes) {
            reasons.add(String.format(java.util.Locale.ROOT, "/dev/%s is too small: %d bytes (%s) for an image of %d bytes",
                    name, sizeBytes, FlashProgress.human(sizeBytes), imageBytes));
        }
        return reasons;
    }

    /** How the device is shown before the question: name, model, size. */
    public String describe() {
        return "/dev/" + name + ": " + model + ", " + FlashProgress.human(sizeBytes) + (removable ? ", removable" : "");
    }
}
