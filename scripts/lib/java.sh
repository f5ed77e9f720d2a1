# Sourced by the front doors: finds a JDK 25 (or newer) and exports JAVA_HOME.
# Looks at $JAVA_HOME first, then /usr/lib/jvm/*25*, then any other /usr/lib/jvm/* whose `release`
# file says JAVA_VERSION="25..." or higher. Returns non-zero with a message naming what it found.

lowernet_min_java=25

# Prints the feature version of the JDK in $1 (from its release file), or nothing if it is not a JDK.
lowernet_jdk_version() {
    local release="$1/release" version
    [[ -f $release && -x $1/bin/java && -x $1/bin/jlink ]] || return 0
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
    version=${version#1.}          # 1.8.0 -> 8.0
    printf '%s\n' "${version%%[.+-]*}"
}

lowernet_find_jdk() {
    local candidate version dir found=() candidates=()
    local -A seen=()
    [[ -n ${JAVA_HOME:-} ]] && candidates+=("${JAVA_HOME%/}")
    for dir in /usr/lib/jvm/*25*/ /usr/lib/jvm/*/; do
        [[ -d $dir ]] && candidates+=("${dir%/}")
    done
    for candidate in "${candidates[@]}"; do
        [[ -n ${seen[$candidate]:-} ]] && continue
        seen[$candidate]=1
        version=$(lowernet_jdk_version "$candidate")
        if [[ $version =~ ^[0-9]+$ ]] && (( version >= lowernet_min_java )); then
            if [[ -n ${JAVA_HOME:-} && ${JAVA_HOME%/} != "$candidate" ]]; then
                echo "note: JAVA_HOME=$JAVA_HOME is not a JDK $lowernet_min_java+; using $candidate" >&2
            fi
            export JAVA_HOME="$candidate"
            return 0
        fi
        found+=("$candidate (${version:-not a JDK: no release file, bin/java or bin/jlink})")
    done
    local list=""
    (( ${#found[@]} > 0 )) && printf -v list '%s; ' "${found[@]}"
    {
        echo "lowernet needs JDK $lowernet_min_java or newer (a full JDK, with jlink)."
        echo "  found: ${list:-nothing in \$JAVA_HOME or /usr/lib/jvm}"
        echo "  install one (e.g. apt-get install openjdk-25-jdk-headless) or set JAVA_HOME to it."
    } >&2
    return 1
}

lowernet_find_jdk
