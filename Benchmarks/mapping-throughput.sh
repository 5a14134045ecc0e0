#!/usr/bin/env bash
# Mapping throughput of the declarative adapter engine, per core.
#
# Builds the GridwayBenchmarks executable (release) and runs `GridwayBenchmarks mapping` on one
# thread pinned to one CPU: the first example of elderly-visit@1, projected to each adapter's grant,
# mapped by the shipped adapters civil-affairs-elderly (→ JSON body) and health-commission-visits
# (→ SOAP/XML body), alone and as a whole `deliver` (mapping, authentication, reading the answer)
# through a transport that sends nothing and returns a canned answer. A plain JSON serialization of
# the same submission is the baseline.
#
# Usage: Benchmarks/mapping-throughput.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   SECONDS_PER_CASE  seconds each case runs (default 3)
#   CPU               the CPU to pin to (default 0)
#   KEEP_DATA=1       keep the scratch folder
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

seconds="${SECONDS_PER_CASE:-3}"
cpu="${CPU:-0}"
build_release GridwayBenchmarks

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "$cpu"); else log "taskset not found: not pinned to one CPU"; fi
log "${pin[*]} GridwayBenchmarks mapping --seconds $seconds"
echo
echo "Gridway mapping-throughput ($(uname -m), $(nproc) CPUs; one thread${pin:+ pinned to CPU $cpu}, ${seconds}s per case)"
echo
(cd "$repo" && "${pin[@]}" "$bin_dir/GridwayBenchmarks" mapping --repository "$repo" --seconds "$seconds")
