package org.lowernet.runtime.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.program.ProgramRun;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * The first boot step: partition 2 of the boot disk mounted at {@code <root>/data} (ext4, noatime), with
 * {@code data/lowernet/} in it. No ext superblock: partition 2 grows to the disk's end and becomes ext4 with a
 * journal. A superblock: {@code e2fsck -p}, and never a format. Best-effort: whatever fails, the node routes
 * without persistence ({@code data/lowernet} in RAM) and says so; a partition that is there but cannot be
 * used is said loudly (console error, a {@code data_unavailable} event, the LEDs' degraded condition). Stop:
 * sync and unmount. Idempotent: a /data already mounted (the runtime restarted by init) is kept as it is.
 */
public final class DataPartition implements Subsystem {

    /** The mount point below the root. */
    public static final String MOUNT_POINT = "data";
    /** lowernet's folder on it. */
    public static final String FOLDER = "data/lowernet";
    /** The filesystem's label. */
    static final String LABEL = "lowernet-data";
    /** e2fsck -p: 0 clean, 1 repaired, 2 repaired and a reboot advised; 4 and up: not repaired. */
    static final int E2FSCK_NOT_REPAIRED = 4;
    static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);
    /** How long the partition's device node may take to come back after the table is re-read. */
    static final Duration NODE_WAIT = Duration.ofSeconds(5);

    private final Path root;
    private final DataTools tools;
    private final EventSink events;
    private volatile Optional<String> unavailable = Optional.empty();
    private boolean mounted;

    public DataPartition(Path root, DataTools tools, EventSink events) {
        this.root = root;
        this.tools = tools;
        this.events = events;
    }

    @Override
    public String name() {
        return "data";
    }

    @Override
    public boolean essential() {
        return false;
    }

    /** Why a data partition that is there cannot be used; empty when it is mounted or the machine has none. */
    public Optional<String> unavailable() {
        return unavailable;
    }

    /**
     * Puts what /data's journal holds into the filesystem's own blocks now (a freeze and thaw), for a file that the
     * next power-on reads from the unmounted partition; nothing when /data is not the partition.
     */
    public void checkpoint() throws IOException {
        if (mounted) {
            FilesystemFreeze.freezeAndThaw(root.resolve(MOUNT_POINT));
        }
    }

    /** Whether /data is mounted from the partition (and so survives a reboot). */
    public boolean mounted() {
        return mounted;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Path mountPoint = root.resolve(MOUNT_POINT);
        BootDisk disk;
        try {
            disk = BootDisk.find(root);
        } catch (IOException e) {
            Logger.warn("data: no data partition ({}); running without persistence: the SSH host key and DHCP "
                    + "leases are kept in RAM ({}) and lost at reboot", e.getMessage(), root.resolve(FOLDER));
            Files.createDirectories(root.resolve(FOLDER));
            return;
        }
        String already = BootDisk.mountedAt(root.resolve("proc/mounts"), mountPoint.toString()).orElse("");
        if (!already.isEmpty()) {
            Logger.info("data: {} is already mounted at {} (the runtime restarted); keeping it", already, mountPoint);
            mounted = true;
            Files.createDirectories(root.resolve(FOLDER));
            return;
        }
        try {
            prepare(disk);
            Files.createDirectories(mountPoint);
            run("mounting " + disk.partition() + " at " + mountPoint, List.of(tools.busybox().toString(), "mount",
                    "-t", "ext4", "-o", "noatime", disk.partition().toString(), mountPoint.toString()));
            mounted = true;
            Files.createDirectories(root.resolve(FOLDER));
            Logger.info("data: {} mounted at {} (ext4, noatime); the SSH host key and DHCP leases survive reboots",
                    disk.partition(), mountPoint);
        } catch (IOException e) {
            String reason = e.getMessage();
            unavailable = Optional.of(reason);
            Logger.error("DATA PARTITION {} UNAVAILABLE: {}", disk.partition(), reason);
            Logger.error("running WITHOUT PERSISTENCE: the SSH host key and DHCP leases are kept in RAM ({}) and "
                    + "lost at reboot; the partition was not formatted", root.resolve(FOLDER));
            events.emit(Event.now(EventType.DATA_UNAVAILABLE, "device", disk.partition().toString(), "reason",
                    reason));
            Files.createDirectories(root.resolve(FOLDER));
        }
    }

    /** Grows and formats a partition without a filesystem, or checks one that has it. */
    private void prepare(BootDisk disk) throws IOException, InterruptedException {
        if (Superblock.present(disk.partition())) {
            check(disk);
            return;
        }
        Logger.info("data: {} holds no ext filesystem (first boot): growing it to the disk's end and making ext4",
                disk.partition());
        Mbr.Growth growth;
        try (FileChannel channel = FileChannel.open(disk.disk(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            growth = Mbr.growToEnd(channel, BootDisk.DATA_PARTITION, disk.diskSectors());
        }
        if (growth.grew()) {
            Logger.info("data: partition {} grown in the MBR from {} to {} sectors ({} MiB), from sector {}",
                    BootDisk.DATA_PARTITION, growth.oldSectors(), growth.newSectors(),
                    growth.newSectors() * BootDisk.SECTOR >> 20, growth.start());
        }
        if (disk.sectors() != growth.newSectors()) {
            tellKernel(disk, growth);
        }
        long began = System.nanoTime();
        run("making ext4 on " + disk.partition(), List.of(tools.mke2fs().toString(), "-t", "ext4", "-L", LABEL,
                "-F", "-q", disk.partition().toString()));
        Logger.info("data: ext4 with a journal made on {} ({} MiB) in {} ms", disk.partition(),
                growth.newSectors() * BootDisk.SECTOR >> 20, (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * The kernel learns the grown table: BLKRRPART ({@code blockdev --rereadpt}), refused with EBUSY while a
     * partition of the disk is mounted (/boot is), so then BLKPG's resize of partition 2 alone.
     */
    private void tellKernel(BootDisk disk, Mbr.Growth growth) throws IOException, InterruptedException {
        Path size = root.resolve("sys/class/block").resolve(disk.partitionName()).resolve("size");
        ProgramRun reread = ProgramRun.of(List.of(tools.busybox().toString(), "blockdev", "--rereadpt",
                disk.disk().toString()), TOOL_TIMEOUT);
        if (reread.code() == 0 && kernelSees(disk, size, growth.newSectors(), NODE_WAIT) == growth.newSectors()) {
            Logger.info("data: the kernel re-read {}'s partition table", disk.disk());
            return;
        }
        Logger.info("data: re-reading {}'s partition table {}; resizing partition {} in the kernel instead",
                disk.disk(), reread.code() == 0 ? "did not show the grown partition"
                        : "was refused (" + reread.brief() + ")", BootDisk.DATA_PARTITION);
        BlockIoctl.resizePartition(disk.disk(), BootDisk.DATA_PARTITION, growth.start(), growth.newSectors());
        long seen = kernelSees(disk, size, growth.newSectors(), NODE_WAIT);
        if (seen != growth.newSectors()) {
            throw new IOException("the kernel still sees partition " + BootDisk.DATA_PARTITION + " as " + seen
                    + " sectors, not " + growth.newSectors() + " (" + size + "); not formatting it now: the next "
                    + "boot reads the grown table and formats it");
        }
    }

    /** Partition 2's size in sysfs once it is {@code wanted} and its node exists, or the last seen after {@code wait}. */
    private static long kernelSees(BootDisk disk, Path size, long wanted, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long seen = -1;
        do {
            try {
                if (Files.exists(size) && Files.exists(disk.partition())) {
                    seen = BootDisk.read(size);
                    if (seen == wanted) {
                        return seen;
                    }
                }
            } catch (IOException e) {
                seen = -1; // the entry went away while the kernel re-reads the table
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return seen;
    }

    /** {@code e2fsck -p}: repaired is fine, a reboot advised is noted, anything worse is thrown. */
    private void check(BootDisk disk) throws IOException, InterruptedException {
        long began = System.nanoTime();
        ProgramRun fsck = ProgramRun.of(List.of(tools.e2fsck().toString(), "-p", disk.partition().toString()),
                TOOL_TIMEOUT);
        long millis = (System.nanoTime() - began) / 1_000_000;
        switch (fsck.code()) {
            case 0 -> Logger.info("data: {} is clean (e2fsck -p, {} ms)", disk.partition(), millis);
            case 1 -> Logger.warn("data: e2fsck -p repaired {} ({} ms): {}", disk.partition(), millis, fsck.brief());
            case 2, 3 -> Logger.warn("data: e2fsck -p repaired {} and advises a reboot; going on ({} ms): {}",
                    disk.partition(), millis, fsck.brief());
            default -> throw new IOException("e2fsck -p " + disk.partition() + " exited with " + fsck.code()
                    + (fsck.code() >= E2FSCK_NOT_REPAIRED ? " (not repaired)" : "") + ": " + fsck.brief()
                    + "; repair it by hand (e2fsck -f), or reformat it by hand if it holds nothing worth keeping");
        }
    }

    private static void run(String doing, List<String> command) throws IOException, InterruptedException {
        ProgramRun result = ProgramRun.of(command, TOOL_TIMEOUT);
        if (result.code() != 0) {
            throw new IOException(doing + " failed (" + String.join(" ", command) + " exited with " + result.code()
                    + "): " + result.brief());
        }
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        Path mountPoint = root.resolve(MOUNT_POINT);
        ProgramRun.of(List.of(tools.busybox().toString(), "sync"), TOOL_TIMEOUT);
        run("unmounting " + mountPoint, List.of(tools.busybox().toString(), "umount", mountPoint.toString()));
        mounted = false;
        Logger.info("data: synced and unmounted {}", mountPoint);
    }
}
