#!/usr/bin/env bash
# Stages the build context of the runtime image (deploy/image/Containerfile): a `gridway` built
# outside the image, the resource bundles beside it, the contracts and the shipped adapters, and the
# list of Debian packages that hold the shared libraries the binary links (read with ldd and dpkg,
# so the image installs those and nothing else).
#
#   swift build -c release --static-swift-stdlib --product gridway
#   deploy/image/stage.sh "$(swift build -c release --show-bin-path)" /tmp/gridway-image
#   podman build --format docker -t gridway:local /tmp/gridway-image
#
# Run it on Debian 12 (the image's base), where the binary was built, so the package names match.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 BIN_DIRECTORY CONTEXT_DIRECTORY" >&2; exit 64; }
bin_dir="$1" context="$2"
[ -x "$bin_dir/gridway" ] || { echo "error: no executable $bin_dir/gridway" >&2; exit 1; }

rm -rf "$context"
mkdir -p "$context/bin"
cp "$bin_dir/gridway" "$context/bin/"
for bundle in "$bin_dir"/*.resources; do
    [ -e "$bundle" ] && cp -R "$bundle" "$context/bin/"
done
cp -R "$repo/contracts" "$context/contracts"
cp -R "$repo/adapters" "$context/adapters"
find "$context/adapters" -name __pycache__ -type d -prune -exec rm -rf {} +
cp "$here/Containerfile" "$context/Containerfile"

# Every shared library the binary loads, by the Debian package that ships it.
libraries="$(ldd "$context/bin/gridway")"
if grep -q 'not found' <<<"$libraries"; then
    echo "error: gridway needs libraries this machine lacks:" >&2
    grep 'not found' <<<"$libraries" >&2
    exit 1
fi
package_of() {
    local path="$1" candidate
    for candidate in "$path" "$(realpath "$path")" "/usr$path" "${path#/usr}"; do
        dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1 && return 0
    done
    echo "error: no Debian package ships $path" >&2
    return 1
}
: >"$context/runtime-packages.txt"
while read -r path; do
    package_of "$path" >>"$context/runtime-packages.txt"
done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$libraries")
sort -u -o "$context/runtime-packages.txt" "$context/runtime-packages.txt"
echo "==> staged $context; packages for the shared libraries: $(tr '\n' ' ' <"$context/runtime-packages.txt")" >&2
