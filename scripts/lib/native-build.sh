#!/usr/bin/env bash
# The floor of `scripts/benchmark build`: the image build's work done by native tools, apt-less, from the
# same cached .debs the lockfile pins. Not a product (its image is never booted or shipped): it does what
# the builder does, step for step, so the builder's clean build can be given as a ratio of it.
#   scripts/lib/native-build.sh PROJECT RUNTIME DEBS WORK BOARD...
# Prints one "native <step> <seconds>" line per step, then "native total <seconds>".
# Needs: dpkg-deb, sha256sum, xz, depmod/modprobe (kmod), jlink (the JDK of scripts/lib/java.sh), cpio,
# gzip, zstd, mksquashfs (squashfs-tools), readelf (binutils), busybox, mkfs.vfat (dosfstools), mcopy (mtools),
# sfdisk (fdisk).
set -euo pipefail
project=$1 runtime=$2 debs=$3 work=$4
shift 4
boards=("$@")
lock=$project/image/debian.lock
threads=$(nproc)

for tool in dpkg-deb sha256sum xz depmod modprobe "${JAVA_HOME:+$JAVA_HOME/bin/}jlink" cpio gzip zstd mksquashfs readelf busybox mkfs.vfat mcopy sfdisk; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null || {
        echo "native-build: $tool is missing; install dpkg, coreutils, xz-utils, kmod, cpio, gzip, dosfstools," \
            "mtools, fdisk, binutils, busybox-static, squashfs-tools" >&2
        exit 2
    }
done
export PATH="$PATH:/usr/sbin:/sbin"
# The JDK 25 of scripts/lib/java.sh, not whatever jlink is first on PATH (an older one cannot read its jmods).
jlink=${JAVA_HOME:+$JAVA_HOME/bin/}jlink

total_start=$(date +%s.%N)
step_start=$total_start
step() {
    local now
    now=$(date +%s.%N)
    awk -v n="$1" -v a="$step_start" -v b="$now" 'BEGIN { printf "native %-10s %.1f\n", n, b - a }'
    step_start=$now
}

# The lock: "part DECLARED PINNED" and "package NAME VERSION ARCH SUITE SHA256 SIZE POOL".
deb_of() { awk -v n="$1" -v d="$debs" '$1 == "package" && $2 == n { print d "/" n "_" $6 ".deb" }' "$lock"; }
kernel_pkg=$(awk '$1 == "part" && $2 == "linux-image-arm64" { print $3 }' "$lock")
jdk_pkg=$(awk '$1 == "part" && $2 ~ /^openjdk-/ { print $3 }' "$lock")
firmware_pkg=$(awk '$1 == "part" && $2 == "raspi-firmware" { print $3 }' "$lock")
# Every locked package but the parts (the parts' dependencies are not locked as root packages either).
mapfile -t root_debs < <(awk -v d="$debs" -v k="$kernel_pkg" -v j="$jdk_pkg" -v f="$firmware_pkg" \
    '$1 == "package" && $2 != k && $2 != j && $2 != f && $2 != "linux-image-arm64" { print d "/" $2 "_" $6 ".deb" }' \
    "$lock")

rm -rf "$work" && mkdir -p "$work"/{root,boot,kernel,jdk,firmware}
cd "$work"

# packages: verify every .deb against the lock, as the builder does.
awk -v d="$debs" '$1 == "package" { print $6 "  " d "/" $2 "_" $6 ".deb" }' "$lock" | sha256sum --quiet -c -
step packages

# kernel: the Image gzip'd, the boards' DTBs, the module closure (modprobe's), modules.dep for it.
dpkg-deb -x "$(deb_of "$kernel_pkg")" kernel
kver=$(ls kernel/usr/lib/modules)
gzip -6 -n < kernel/boot/vmlinuz-"$kver" > boot/vmlinuz  # the builder stores the Image gzip'd (GzipKernel)
for board in "${boards[@]}"; do
    for dtb in $(sed -n 's/^dtbs *= *//p' "$project/board/$board/board.conf"); do
        cp kernel/usr/lib/linux-image-"$kver"/broadcom/"$dtb" boot/
    done
done
depmod -b kernel/usr "$kver"
# Installs into TREE the modules of LIST (one file) and every board's, with what they depend on (modprobe's
# closure), uncompressed, and their modules.dep (the closure has no modules.order/builtin: depmod says so).
install_modules() {
    local tree=$1 list=$2 module ko target
    for module in $( (grep -v '^#' "$list"; for b in "${boards[@]}"; do
            sed -n 's/^modules *= *//p' "$project/board/$b/board.conf" | tr ' ' '\n'; done) | sort -u); do
        modprobe -d kernel/usr -S "$kver" --show-depends "$module" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
    done | sort -u | while read -r ko; do
        target=$tree/usr/lib/modules/$kver/${ko#*/modules/"$kver"/}
        mkdir -p "$(dirname "$target")"
        xz -dc "$ko" > "${target%.xz}"
    done
    depmod -b "$tree"/usr "$kver" 2>/dev/null
}
install_modules root "$project/board/common/modules"
step kernel

# jre: jlink of the arm64 jmods, with the builder's options.
dpkg-deb -x "$(deb_of "$jdk_pkg")" jdk
jmods=$(echo jdk/usr/lib/jvm/*/jmods)
$jlink --module-path "$jmods" --add-modules "$(grep -v '^[#!]' "$project/runtime/jre-modules" | sed 's/#.*//' \
    | grep . | paste -sd,)" --strip-java-debug-attributes --no-header-files --no-man-pages --compress=zip-0 \
    --output root/opt/lowernet/jre
step jre

# root: the packages unpacked (on every core) without what the builder leaves out of a RAM root
# (RootTreeStep.LEFT_OUT), the runtime, the boards, the overlay.
unpack() {
    dpkg-deb --fsys-tarfile "$1" | tar -x -C root --exclude='./usr/share/doc' --exclude='./usr/share/man' \
        --exclude='./usr/share/info' --exclude='./usr/share/locale' --exclude='./usr/share/lintian' \
        --exclude='./usr/share/bug' --exclude='./usr/lib/*-linux-gnu/gconv'
}
export -f unpack
printf '%s\n' "${root_debs[@]}" | xargs -P "$threads" -I{} bash -c 'unpack {}'
cp -a "$runtime"/. root/opt/lowernet/
mkdir -p root/usr/share/lowernet/boards
for board in "${boards[@]}"; do cp "$project/board/$board/board.conf" root/usr/share/lowernet/boards/"$board".conf; done
cp -a "$project/overlay"/. root/
step root

# stage 1: busybox with the libraries it links, the first stage's modules and its init, as the builder's
# StageOneStep; newc, zstd -9.
mkdir -p stage1/{proc,sys,dev,boot,newroot,etc/lowernet,usr/bin,usr/lib/aarch64-linux-gnu,usr/lib/modules}
cp -a root/usr/bin/busybox stage1/usr/bin/
cp -a root/usr/lib/ld-linux-aarch64.so.1 stage1/usr/lib/
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
todo=(stage1/usr/bin/busybox)
while ((${#todo[@]})); do
    for lib in $(needed "${todo[0]}"); do
        [[ -e stage1/usr/lib/aarch64-linux-gnu/$lib ]] && continue
        cp -L root/usr/lib/aarch64-linux-gnu/"$lib" stage1/usr/lib/aarch64-linux-gnu/
        todo+=(stage1/usr/lib/aarch64-linux-gnu/"$lib")
    done
    todo=("${todo[@]:1}")
done
ln -s usr/bin stage1/bin && ln -s usr/bin stage1/sbin && ln -s usr/lib stage1/lib
# The host's busybox names the applets (the builder reads them from the arm64 binary).
for applet in $(busybox --list); do
    [[ -e stage1/usr/bin/$applet ]] || ln -s busybox stage1/usr/bin/"$applet"
done
install_modules stage1 "$project/board/common/stage1/modules"
cp -a root/etc/modprobe.d stage1/etc/ 2>/dev/null || true
grep -v '^#' "$project/board/common/stage1/modules" > stage1/etc/lowernet/stage1-modules
cp "$project/board/common/stage1/init" stage1/init
(cd stage1 && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet | zstd -9 -q --check) \
    > boot/initrd.img
step stage1

# system: a squashfs as the builder's (zstd -9, 1 MiB blocks, no fragments, owned by root), slot a.
mksquashfs root boot/system-a -comp zstd -Xcompression-level 9 -b 1048576 -no-fragments -no-xattrs -all-root \
    -noappend -quiet -no-progress -processors "$threads" >/dev/null
printf 'committed=a\n' > boot/slots.txt
step system

# boot: the firmware blobs and the text files, then FAT32 of 128 MiB.
dpkg-deb -x "$(deb_of "$firmware_pkg")" firmware
for blob in $(grep -v '^#' "$project/board/common/firmware"); do cp firmware/usr/lib/raspi-firmware/"$blob" boot/; done
cp "$project"/board/common/{config.txt,cmdline.txt,lowernet.conf} boot/
mkfs.vfat -F 32 -n LOWERNET -i 1e0a0001 -C boot.fat $((128 * 1024)) >/dev/null
MTOOLS_SKIP_CHECK=1 mcopy -s -i boot.fat boot/* ::
step boot

# disk: 256 MiB, MBR (FAT at 4 MiB, Linux from 132 MiB to the end), the FAT written in.
truncate -s 256M image.img
printf 'label: dos\nlabel-id: 0x1e0a0001\nstart=8192, size=262144, type=c, bootable\nstart=270336, type=83\n' \
    | sfdisk -q image.img
dd if=boot.fat of=image.img bs=1M seek=4 conv=notrunc,sparse status=none
step disk

# release: xz on every core in 8 MiB blocks (the builder's), the checksum.
xz -T"$threads" -6 --block-size=8MiB -k image.img
sha256sum image.img > image.img.sha256
step release

awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN { printf "native total      %.1f\n", b - a }'
