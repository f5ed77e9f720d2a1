package org.lowernet.runtime.net.netlink;

import java.util.Optional;

/**
 * A netlink operation or socket call failed: carries the operation, the errno and, when the kernel sent
 * one (extended ACK), its own explanation.
 */
public final class NetlinkException extends RuntimeException {

    private final String operation;
    private final Errno errno;
    private final Optional<String> kernelMessage;

    public NetlinkException(String operation, Errno errno, Optional<String> kernelMessage) {
        super(operation + ": " + errno + kernelMessage.map(m -> "; kernel says: " + m).orElse(""));
        this.operation = operation;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    public NetlinkException(String operation, Errno errno) {
        this(operation, errno, Optional.empty());
    }

    public String operation() {
        return operation;
    }

    public Errno errno() {
        return errno;
    }

    public Optional<String> kernelMessage() {
        return kernelMessage;
    }
}
