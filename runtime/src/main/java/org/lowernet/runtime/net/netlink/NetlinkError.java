package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code struct nlmsgerr} (linux/netlink.h): a negative errno (0 = ACK), the header of the request it
 * answers, and with {@link LinuxNetlink#NLM_F_ACK_TLVS} the kernel's error text.
 */
public record NetlinkError(int error, NetlinkHeader request, Optional<String> kernelMessage) {

    public static NetlinkError read(NetlinkMessage message) {
        ByteBuffer b = message.fixed(LinuxNetlink.NLMSGERR_SIZE, "nlmsgerr");
        int error = b.getInt();
        if (error > 0) {
            throw new NetlinkDecodeException("NLMSG_ERROR with positive error " + error + " (the kernel sends -errno)");
        }
        NetlinkHeader request = NetlinkHeader.read(b);
        Optional<String> text = Optional.empty();
        if (message.header().has(LinuxNetlink.NLM_F_ACK_TLVS)) {
            // Without NLM_F_CAPPED the whole request is echoed; the TLVs follow its aligned length.
            int echoed = message.header().has(LinuxNetlink.NLM_F_CAPPED) ? LinuxNetlink.NLMSG_HDRLEN
                    : LinuxNetlink.align(Math.max(request.length(), LinuxNetlink.NLMSG_HDRLEN));
            int offset = 4 + echoed;
            if (offset > message.payload().length) {
                throw new NetlinkDecodeException("NLMSG_ERROR: echoed request of " + echoed + " bytes exceeds the payload");
            }
            text = Attributes.parse(message.payload(), offset, message.payload().length - offset, 0)
                    .get(LinuxNetlink.NLMSGERR_ATTR_MSG).map(Attribute::string);
        }
        return new NetlinkError(error, request, text);
    }

    public boolean isAck() {
        return error == 0;
    }

    public NetlinkException toException(String operation) {
        return new NetlinkException(operation, Errno.of(error), kernelMessage);
    }
}
