#!/usr/bin/env bash
# scripts/benchmark memory [MINUTES]: run by scripts/benchmark from the project root (root, netlab, QEMU).
# The built image boots on QEMU virt (1 GiB, as every QEMU test) as scripts/netlab's router, with a real mosquitto
# broker on the ISP side and an admin key stamped for SSH from the LAN. The card is writable and 1 GiB, as a real
# one: the first boot makes /data and, a minute after ready, the class-data cache; the node then reboots, and every
# figure is of that second start, which is what a node in a cupboard runs. It prints RAM in use after ready, split
# into its parts, and the runtime's RSS and heap after MINUTES (default 10), each beside its target (issue 13). The
# floor: the same kernel with a shell-only /init (busybox from the package cache), booted in the same run.
# Nothing is asserted: these are measurements.
set -euo pipefail

minutes=${1:-10}
[[ $minutes =~ ^[0-9]+$ ]] || { echo "benchmark memory: MINUTES must be a whole number, not '$minutes'" >&2; exit 2; }
image=$(ls image/target/lowernet-*-arm64.img 2>/dev/null | head -1 || true)
[[ -n $image ]] || { echo "benchmark memory: no image in image/target; run scripts/build first" >&2; exit 2; }
for tool in qemu-system-aarch64 mosquitto mosquitto_sub dropbearkey dbclient jq cpio mcopy dpkg-deb; do
    command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] \
        || { echo "benchmark memory: needs $tool on this host" >&2; exit 2; }
done
(( EUID == 0 )) || { echo "benchmark memory: needs root (scripts/netlab's namespaces and TAPs)" >&2; exit 2; }

work=$(mktemp -d)
trap 'scripts/netlab down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
readonly ISP=198.51.100.1 LAN_ROUTER=203.0.113.1
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# The floor: the image's kernel, an initramfs holding only a static busybox whose /init prints /proc/meminfo.
floor_used_kb() {
    local deb
    deb=$(ls ~/.cache/lowernet/debs/busybox-static_*.deb 2>/dev/null | head -1 || true)
    [[ -n $deb ]] || { echo "benchmark memory: no busybox-static in ~/.cache/lowernet/debs (run scripts/build)" >&2; exit 2; }
    mkdir -p "$work/floor/root/bin" "$work/floor/deb" "$work/floor/root/proc" "$work/floor/root/dev"
    dpkg-deb -x "$deb" "$work/floor/deb"
    cp "$work/floor/deb/usr/bin/busybox" "$work/floor/root/bin/busybox"
    # The console the kernel opens for init before anything is mounted.
    mknod "$work/floor/root/dev/console" c 5 1
    printf '#!/bin/busybox sh\n/bin/busybox mount -t proc proc /proc\n/bin/busybox sleep 2\n/bin/busybox cat /proc/meminfo\n/bin/busybox poweroff -f\n' \
        > "$work/floor/root/init"
    chmod 0755 "$work/floor/root/init"
    (cd "$work/floor/root" && find . | cpio -o -H newc --quiet > "$work/floor/initrd")
    MTOOLS_SKIP_CHECK=1 mcopy -n -i "$image@@4M" ::vmlinuz "$work/floor/vmlinuz"
    timeout 120 qemu-system-aarch64 -M virt -cpu cortex-a72 -m 1024 -nic none -nographic -monitor none -serial stdio -no-reboot \
        -kernel "$work/floor/vmlinuz" -initrd "$work/floor/initrd" -append "console=ttyAMA0 panic=-1" \
        < /dev/null > "$work/floor/console.log" 2>&1 || true
    awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { if (t && a) print t - a }' \
        < <(tr -d '\r' < "$work/floor/console.log")
}

# A floor that fails is said, and the rest still measured.
floor=$(floor_used_kb)
if [[ -z $floor ]]; then
    tail -20 "$work/floor/console.log" >&2
    echo "benchmark memory: the floor boot printed no meminfo; the parts follow without it" >&2
fi

dropbearkey -t ed25519 -f "$work/admin" > "$work/dropbearkey.out" 2>&1 \
    || { cat "$work/dropbearkey.out" >&2; echo "benchmark memory: dropbearkey failed" >&2; exit 1; }
grep '^ssh-ed25519 ' "$work/dropbearkey.out" > "$work/admin.pub"
scripts/lowernet stamp "$image" --out "$work/router.img" --ssh-key "$work/admin.pub" \
    --set lan.address=$LAN_ROUTER/24 --set mqtt.broker=tcp://$ISP:1883 >/dev/null
truncate -s 1G "$work/router.img"

# netlab makes the ISP namespace first and then boots; the broker starts as soon as the namespace has its address,
# so the runtime finds it at its first or second try.
scripts/netlab up --router qemu "$work/router.img" --writable > "$work/netlab.log" 2>&1 &
netlab=$!
for _ in $(seq 300); do
    ip netns exec lnwan ip -4 address show isp0 2>/dev/null | grep -q "$ISP" && break
    sleep 0.1
done
printf 'listener 1883 %s\nallow_anonymous true\n' "$ISP" > "$work/mosquitto.conf"
ip netns exec lnwan /usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
wait "$netlab" || { cat "$work/netlab.log" >&2; echo "benchmark memory: the router did not come up" >&2; exit 1; }
scripts/netlab lease > /dev/null

on_router() {
    # -y -y: the host key is new every run; dbclient says so on every call, nothing else it says is left out.
    ip netns exec lnlan dbclient -y -y -i "$work/admin" "root@$LAN_ROUTER" "$1" < /dev/null \
        2> >(grep -v -e '^dbclient: Caution, skipping hostkey check' -e '^$' >&2)
}
# /proc/meminfo, what /run holds, and each process's resident memory, in one SSH round; a busybox
# applet (the runtime starts udhcpc as "busybox udhcpc") goes by the applet's name.
probe() {
    on_router 'cat /proc/meminfo; echo "run: $(du -sxk /run | cut -f1)"
        grep -E "^(Name|VmRSS|RssAnon|RssShmem):" /proc/[0-9]*/status 2>/dev/null
        for d in /proc/[0-9]*; do
            if read -r n 2>/dev/null < $d/comm && [ "$n" = busybox ]; then
                echo "$d/status:Applet: $(tr "\000" " " < $d/cmdline | cut -d " " -f 2)"
            fi
        done' || { echo "benchmark memory: reading the router's memory over SSH failed" >&2; return 1; }
}
# Sums from a probe: "key kB" lines (used, shmem, cached, slab, kstack, ptables, run, anon_all, rss_<name>,
# anon_<name>, shmem_<name>).
parts() {
    awk -F'[:[:space:]]+' '
        /^MemTotal:/ { total = $2 } /^MemAvailable:/ { avail = $2 } /^Shmem:/ { shmem = $2 }
        /^Cached:/ { cached = $2 } /^Slab:/ { slab = $2 } /^KernelStack:/ { kstack = $2 } /^PageTables:/ { ptables = $2 }
        /^run:/ { run = $2 }
        /status:Name:/ { split($1, p, "/"); name[p[3]] = $3 }
        /status:Applet:/ { split($1, p, "/"); name[p[3]] = $3 }
        /status:VmRSS:/ { split($1, p, "/"); rss[p[3]] = $3 }
        /status:RssAnon:/ { split($1, p, "/"); anon[p[3]] = $3 }
        /status:RssShmem:/ { split($1, p, "/"); shared[p[3]] = $3 }
        END {
            print "total", total; print "used", total - avail; print "shmem", shmem; print "cached", cached
            print "slab", slab; print "kstack", kstack; print "ptables", ptables; print "run", run
            for (pid in anon) { all += anon[pid]; a[name[pid]] += anon[pid]; r[name[pid]] += rss[pid] }
            print "anon_all", all
            for (pid in shared) sh[name[pid]] += shared[pid]
            for (n in a) { print "anon_" n, a[n]; print "rss_" n, r[n]; print "shmem_" n, sh[n] + 0 }
        }'
}
get() { awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' "$2"; }

console=/run/lowernet-netlab/console.log
# Waits (up to $2 s) until the console has said $1 at least $3 times.
await_console() {
    for ((i = 0; i < $2 * 2; i++)); do
        (( $(tr -d '\r' < "$console" | grep -a -c -- "$1") >= $3 )) && return 0
        sleep 0.5
    done
    tail -20 "$console" >&2
    echo "benchmark memory: the console did not say '$1' within $2 s" >&2
    exit 1
}
first_used=$(get used <(probe | parts))
await_console 'class data: made the cache' 600 1
on_router reboot || true  # the session may end with the connection, before dbclient hears an exit code
await_console 'lowernet ready' 300 2
tr -d '\r' < "$console" | grep -a -q 'class data: this start used the cache' \
    || { echo "benchmark memory: the second start did not use the class-data cache (console: $console)" >&2; exit 1; }

ready_probe=$work/ready.txt
probe | parts > "$ready_probe"
used=$(get used "$ready_probe")
shmem=$(get shmem "$ready_probe")
anon_all=$(get anon_all "$ready_probe")
daemons=0
for d in dnsmasq dropbear udhcpc; do daemons=$((daemons + $(get "anon_$d" "$ready_probe"))); done
java_anon=$(get anon_java "$ready_probe")
kernel=$((used - shmem - anon_all))

echo "memory: QEMU virt (1 GiB, TCG), $(basename "$image"), MQTT on (mosquitto in netlab's ISP namespace), the second start (with the class-data cache)"
echo "  the first start (no cache yet), RAM in use after ready: $(mib "$first_used") MiB"
if [[ -n $floor ]]; then
    echo "  floor: the same kernel with a shell-only /init: MemTotal - MemAvailable $(mib "$floor") MiB"
    ratio="; $(awk -v u="$used" -v f="$floor" 'BEGIN { printf "%.1f", u / f }')x the floor"
else
    floor=0 ratio=
fi
echo "  RAM in use after ready (MemTotal - MemAvailable): $(mib "$used") MiB (target <= 150 MiB$ratio)"
echo "    kernel:          $(mib "$kernel") MiB (the rest; floor $(mib "$floor") MiB; Slab $(mib "$(get slab "$ready_probe")"), KernelStack $(mib "$(get kstack "$ready_probe")"), PageTables $(mib "$(get ptables "$ready_probe")"); outside MemTotal: $(mib $((1048576 - $(get total "$ready_probe")))) MiB)"
# The runtime deletes /run's copy of the class-data archive once the JVM has mapped it: du no longer sees it, but
# the file stays in Shmem, whole, while the JVM maps it; the runtime's RssShmem is what it still shares of it.
echo "    RAM filesystems: $(mib "$shmem") MiB (Shmem: tmpfs, i.e. the root's overlay, /run's files $(mib "$(get run "$ready_probe")") MiB, /tmp, /dev, and the copy of the class-data archive the runtime maps, deleted from /run: $(mib "$(get shmem_java "$ready_probe")") MiB of its pages still shared with the runtime, which relocated the rest into its own anonymous copies); the system's files read so far, page cache the kernel may drop: $(mib $(($(get cached "$ready_probe") - shmem))) MiB, not in use"
echo "    runtime:         $(mib "$java_anon") MiB anonymous (RSS $(mib "$(get rss_java "$ready_probe")") MiB: besides these, the archive's shared pages above and the system's files it maps)"
echo "    daemons:         $(mib "$daemons") MiB anonymous (dnsmasq $(mib "$(get anon_dnsmasq "$ready_probe")"), dropbear $(mib "$(get anon_dropbear "$ready_probe")") with this probe's session, udhcpc $(mib "$(get anon_udhcpc "$ready_probe")"); RSS $(mib "$(get rss_dnsmasq "$ready_probe")"), $(mib "$(get rss_dropbear "$ready_probe")"), $(mib "$(get rss_udhcpc "$ready_probe")"))"
echo "    other processes: $(mib $((anon_all - java_anon - daemons))) MiB anonymous"

for ((m = 1; m <= minutes; m++)); do
    sleep 60
    echo "  minute $m/$minutes: runtime RSS $(mib "$(probe | parts | awk '$1 == "rss_java" { print $2 }')") MiB"
done
statistics=$(ip netns exec lnwan mosquitto_sub -h "$ISP" -t 'lowernet/+/+/statistics' -C 1 -W 90) \
    || { echo "benchmark memory: no statistics from the router within 90 s" >&2; exit 1; }
after=$work/after.txt
probe | parts > "$after"
echo "  runtime after $minutes min: RSS $(mib "$(get rss_java "$after")") MiB (target <= 48 MiB)," \
    "$(jq -r '.runtime | "statistics: runtime.rss \(.rss / 1048576 * 10 | round / 10) MiB, heap used \(.heap.used / 1048576 * 10 | round / 10) MiB, committed \(.heap.committed / 1048576 * 10 | round / 10) MiB, max \(.heap.max / 1048576 | round) MiB"' <<< "$statistics")"
echo "  RAM in use after $minutes min: $(mib "$(get used "$after")") MiB"
echo "  the JVM's options: $(grep -o ' jvm: .*' "$console" | tail -1 | cut -c7- | tr -d '\r')"
