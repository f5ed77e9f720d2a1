package org.lowernet.runtime.watchdog;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open {@code /dev/watchdogN}: opening it starts the timer. The ioctls of linux/watchdog.h, encoded for
 * arm64 and x86-64 ({@code _IOC}: direction in bits 30-31, size in 16-29, type 'W' in 8-15, number in 0-7).
 * Closing after the magic character 'V' stops the timer unless the driver has {@code nowayout}; any other close
 * (a crash) leaves it running.
 */
final class WatchdogDevice implements AutoCloseable {

    /** {@code WDIOC_GETBOOTSTATUS} = _IOR('W', 2, int). */
    static final long GETBOOTSTATUS = 0x80045702L;
    /** {@code WDIOC_KEEPALIVE} = _IOR('W', 5, int). */
    static final long KEEPALIVE = 0x80045705L;
    /** {@code WDIOC_SETTIMEOUT} = _IOWR('W', 6, int): the driver answers with the timeout it took. */
    static final long SETTIMEOUT = 0xC0045706L;
    /** {@code O_WRONLY | O_CLOEXEC}: no daemon the runtime starts inherits the timer. */
    static final int O_WRONLY_CLOEXEC = 0x1 | 0x80000;
    /** The magic close character (Documentation/watchdog/watchdog-api.rst). */
    static final byte MAGIC_CLOSE = 'V';

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, int[] argument);

        long write(int fd, byte[] buffer, long count);

        int close(int fd);
    }

    private final Path path;
    private final int fd;

    private WatchdogDevice(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path}, which starts the watchdog with the driver's current timeout. */
    static WatchdogDevice open(Path path) throws IOException {
        int fd = LibC.INSTANCE.open(path.toString(), O_WRONLY_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open(" + path + "): errno " + Native.getLastError()
                    + " (16 = EBUSY: another program holds it)");
        }
        return new WatchdogDevice(path, fd);
    }

    /** Sets the timeout; returns the seconds the driver took (it may round). */
    int setTimeout(int seconds) throws IOException {
        int[] value = {seconds};
        ioctl(SETTIMEOUT, value, "WDIOC_SETTIMEOUT " + seconds);
        return value[0];
    }

    int bootStatus() throws IOException {
        int[] value = {0};
        ioctl(GETBOOTSTATUS, value, "WDIOC_GETBOOTSTATUS");
        return value[0];
    }

    void keepAlive() throws IOException {
        ioctl(KEEPALIVE, new int[] {0}, "WDIOC_KEEPALIVE");
    }

    /** Writes 'V': the next close stops the timer, unless the driver has nowayout. */
    void allowStop() throws IOException {
        if (LibC.INSTANCE.write(fd, new byte[] {MAGIC_CLOSE}, 1) != 1) {
            throw new IOException("write(" + path + ", 'V'): errno " + Native.getLastError());
        }
    }

    private void ioctl(long request, int[] argument, String what) throws IOException {
        if (LibC.INSTANCE.ioctl(fd, new NativeLong(request), argument) < 0) {
            throw new IOException("ioctl(" + path + ", " + what + "): errno " + Native.getLastError());
        }
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
