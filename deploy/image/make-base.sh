#!/usr/bin/env bash
# Makes a Debian 12 (bookworm) base image without a registry: debootstrap's minimal variant from the
# Debian mirror this machine's apt uses, imported with `podman import`.
#
#   deploy/image/make-base.sh [TAG]          # default localhost/gridway-base:bookworm
#
# Environment (optional): DEBIAN_MIRROR (default: the first Debian mirror in /etc/apt's sources),
# WORK_DIRECTORY (where the root file system is made; default a new folder under /var/tmp, removed
# afterwards). Needs root, debootstrap and podman. The images built on it (deploy/image/Containerfile,
# deploy/test/postgres, deploy/test/nginx) install their packages from the same mirror with apt.
set -euo pipefail

tag="${1:-localhost/gridway-base:bookworm}"

# The first `deb`/`URIs:` entry of apt's sources that is not a security mirror.
apt_mirror() {
    local file
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ ! -f "$file" ] || cat "$file"
    done |
        sed -n -e 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*$/\2/p' -e 's/^URIs: *\([^ ]*\).*$/\1/p' |
        awk '!/-security/ && !found { print; found = 1 }'
}
mirror="${DEBIAN_MIRROR:-$(apt_mirror)}"
[ -n "$mirror" ] || { echo "error: no Debian mirror in /etc/apt; set DEBIAN_MIRROR" >&2; exit 1; }

work="${WORK_DIRECTORY:-$(mktemp -d /var/tmp/gridway-base.XXXXXX)}"
rootfs="$work/rootfs"
if [ -n "${WORK_DIRECTORY:-}" ]; then trap 'rm -rf "$rootfs"' EXIT; else trap 'rm -rf "$work"' EXIT; fi

echo "==> debootstrap --variant=minbase bookworm from $mirror" >&2
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    echo "error: debootstrap failed (log above)" >&2
    exit 1
}
# The mirror and its security updates for the images' own `apt-get install`; no caches or logs.
printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" >"$rootfs/etc/apt/sources.list"
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/tmp/*

echo "==> podman import as $tag" >&2
tar --numeric-owner -C "$rootfs" -c . |
    podman import --quiet --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --message "debootstrap --variant=minbase bookworm $mirror" - "$tag" >/dev/null
echo "$tag"
