/**
 * Picks the kernel pieces lowernet boots with out of Debian's {@code linux-image-*} package (extracted
 * into a {@link org.lowernet.image.tree.FileTree}): the kernel image, the named DTBs, and a set of
 * modules with their dependency closure, decompressed, plus the {@code modules.dep} and
 * {@code modules.alias} that busybox modprobe reads (Debian ships neither; its postinst runs depmod).
 *
 * <p>Dependencies come from each module's {@code .modinfo} ELF section ({@code depends=}), read only
 * for modules reached from the requested names. {@code softdep=} "pre:" modules are added to the
 * closure when the kernel ships them as modules, but not to modules.dep: kmod reads soft dependencies
 * from modules.softdep and busybox modprobe ignores them, so init must load them by name if needed.
 *
 * <p>Limits: little-endian ELF64 modules only (arm64, x86_64); {@code .ko.xz} or plain {@code .ko}
 * ({@code .ko.zst}/{@code .ko.gz} are refused); no modules.symbols or binary indexes
 * ({@code *.bin}), which busybox does not use.
 */
package org.lowernet.image.kernel;
