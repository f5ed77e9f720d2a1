package org.lowernet.runtime.net.netlink;

import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code in another network namespace, e.g. {@code /var/run/netns/NAME} made by {@code ip netns add}.
 *
 * <p>{@code setns(2)} moves only the calling thread, so the code runs on a fresh platform thread that
 * ends afterwards; the JVM's other threads stay where they are. A socket keeps the namespace it was
 * created in for its whole life, so a {@link NetlinkSocket} opened here can be used from any thread.
 * Files under {@code /proc/sys/net} are per namespace in the same way: open them inside.
 */
public final class NetworkNamespace {

    private final Path file;

    public NetworkNamespace(Path file) {
        this.file = file;
    }

    /** The namespace {@code ip netns add name} created. */
    public static NetworkNamespace named(String name) {
        return new NetworkNamespace(Path.of("/var/run/netns", name));
    }

    public Path file() {
        return file;
    }

    /** Runs {@code task} on a new thread inside this namespace; rethrows what it throws. */
    public <T> T call(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter();
            return task.call();
        });
        Thread thread = Thread.ofPlatform().name("netns-" + file.getFileName()).start(future);
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.join();
        }
    }

    private void enter() {
        int fd = LibC.INSTANCE.open(file.toString(), LibC.O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new NetlinkException("open(" + file + ") to enter the network namespace",
                    Errno.of(Native.getLastError()));
        }
        try {
            if (LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET) < 0) {
                throw new NetlinkException("setns(" + file + ", CLONE_NEWNET)", Errno.of(Native.getLastError()));
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
