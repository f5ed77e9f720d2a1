package org.lowernet.runtime.net.netlink;

/**
 * Constants of {@code include/uapi/linux/genetlink.h} (Linux 6.x): the generic netlink header and its controller
 * family {@code nlctrl}, which turns a family's name into the message type its requests carry.
 */
public final class LinuxGenetlink {

    /** {@code GENL_HDRLEN}: {@code struct genlmsghdr} is u8 cmd, u8 version, u16 reserved. */
    public static final int GENL_HDRLEN = 4;
    /** {@code GENL_ID_CTRL} (= {@code NLMSG_MIN_TYPE}): the controller's fixed family id. */
    public static final int GENL_ID_CTRL = 0x10;
    /** {@code GENL_NAME} of the controller. */
    public static final String CTRL_NAME = "nlctrl";
    /** The header version requests to the controller carry; the kernel does not check it. */
    public static final int CTRL_REQUEST_VERSION = 1;

    /** {@code CTRL_CMD_NEWFAMILY}: the controller's answer describing one family. */
    public static final int CTRL_CMD_NEWFAMILY = 1;
    /** {@code CTRL_CMD_GETFAMILY}: one family by name (or id), or every family as a dump. */
    public static final int CTRL_CMD_GETFAMILY = 3;

    /** {@code CTRL_ATTR_FAMILY_ID}: u16, the message type of the family's requests. */
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    /** {@code CTRL_ATTR_FAMILY_NAME}: NUL-terminated name. */
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    /** {@code CTRL_ATTR_VERSION}: u32, the family's own protocol version. */
    public static final int CTRL_ATTR_VERSION = 3;

    private LinuxGenetlink() {
    }
}
