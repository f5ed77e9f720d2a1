package org.lowernet.runtime.net.netlink;

import java.util.List;
import java.util.Optional;

/**
 * Generic netlink on one {@code NETLINK_GENERIC} socket: a family's id found by its name through the controller
 * ({@code nlctrl}), then the family's requests (answered by an ACK) and dumps (multipart, up to NLMSG_DONE).
 */
public final class GenericNetlink implements AutoCloseable {

    /**
     * A generic netlink family as the controller describes it.
     *
     * @param id      the message type its requests carry (assigned by the kernel when the family registers)
     * @param version the family's protocol version
     */
    public record Family(String name, int id, int version) {
    }

    private final NetlinkSocket socket;

    private GenericNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Generic netlink in the JVM's own network namespace. */
    public static GenericNetlink open() {
        return new GenericNetlink(NetlinkSocket.openGeneric());
    }

    /** Generic netlink in {@code namespace}. */
    public static GenericNetlink open(NetworkNamespace namespace) throws Exception {
        return new GenericNetlink(NetlinkSocket.openGeneric(namespace));
    }

    /**
     * The family called {@code name}; empty when the kernel has none (ENOENT): not built, or its module not
     * loaded (the kernel tries {@code modprobe net-pf-16-proto-16-family-NAME} first).
     */
    public Optional<Family> family(String name) {
        try {
            return Optional.of(decodeFamily(socket.get("resolving the generic netlink family " + name,
                    familyRequest(name))));
        } catch (NetlinkException e) {
            if (e.errno().number() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every family the kernel has registered (a dump of the controller). */
    public List<Family> families() {
        MessageWriter request = new GenlMsgHdr(LinuxGenetlink.CTRL_CMD_GETFAMILY, LinuxGenetlink.CTRL_REQUEST_VERSION)
                .request(LinuxGenetlink.GENL_ID_CTRL, 0);
        return socket.dump("listing generic netlink families", request).stream()
                .map(GenericNetlink::decodeFamily).toList();
    }

    /** Sends {@code request} (made by {@link GenlMsgHdr#request}) and waits for its ACK. */
    public void request(String operation, MessageWriter request) {
        socket.request(operation, request);
    }

    /** Sends {@code request} as a dump and returns every part of the answer. */
    public List<NetlinkMessage> dump(String operation, MessageWriter request) {
        return socket.dump(operation, request);
    }

    /** CTRL_CMD_GETFAMILY for one family by name. */
    static MessageWriter familyRequest(String name) {
        return new GenlMsgHdr(LinuxGenetlink.CTRL_CMD_GETFAMILY, LinuxGenetlink.CTRL_REQUEST_VERSION)
                .request(LinuxGenetlink.GENL_ID_CTRL, 0)
                .attributeString(LinuxGenetlink.CTRL_ATTR_FAMILY_NAME, name);
    }

    /** Decodes the controller's CTRL_CMD_NEWFAMILY. */
    static Family decodeFamily(NetlinkMessage message) {
        if (message.type() != LinuxGenetlink.GENL_ID_CTRL) {
            throw new NetlinkDecodeException("expected a message of nlctrl (type " + LinuxGenetlink.GENL_ID_CTRL
                    + "), found type " + message.type());
        }
        GenlMsgHdr header = GenlMsgHdr.read(message);
        if (header.command() != LinuxGenetlink.CTRL_CMD_NEWFAMILY) {
            throw new NetlinkDecodeException("nlctrl: expected CTRL_CMD_NEWFAMILY (" + LinuxGenetlink.CTRL_CMD_NEWFAMILY
                    + "), found command " + header.command());
        }
        Attributes attributes = GenlMsgHdr.attributes(message);
        String name = attributes.get(LinuxGenetlink.CTRL_ATTR_FAMILY_NAME).map(Attribute::string)
                .orElseThrow(() -> new NetlinkDecodeException("nlctrl: a family without CTRL_ATTR_FAMILY_NAME"));
        int id = attributes.get(LinuxGenetlink.CTRL_ATTR_FAMILY_ID).map(Attribute::u16)
                .orElseThrow(() -> new NetlinkDecodeException("nlctrl: family " + name + " without CTRL_ATTR_FAMILY_ID"));
        return new Family(name, id, attributes.get(LinuxGenetlink.CTRL_ATTR_VERSION).map(Attribute::u32).orElse(0));
    }

    @Override
    public void close() {
        socket.close();
    }
}
