#!/usr/bin/env bash
# The retention job on 1 000 000 submissions: its rate alone, and what it costs submissions made while
# it runs (issue 20: goal under 10 %).
#
# `GridwayBenchmarks retention` loads SUBMISSIONS elderly-visit@1 reports (P3Y) into a fresh SQLite
# store through SQLiteStore.submit, spread evenly over the 60 months 2021-12 … 2026-11, each with its
# subject key. Then, in one process, on the embedded store as `gridway serve` has it:
#   1. the job as of 2025-12-07, alone: it erases 2021-12 … 2022-11 (a fifth): erased/s and CPU µs
#      per erasure;
#   2. SECONDS s of submissions alone (64 in flight): submissions/s, the baseline;
#   3. the job as of 2026-12-07 (the next fifth), paced as `gridway serve` runs it, beside SECONDS s
#      of submissions: submissions/s, their ratio to the baseline (the cost is 1 minus it) and the
#      job's own rate meanwhile.
#
# Usage: Benchmarks/retention.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   SUBMISSIONS       reports loaded                 (default 1000000)
#   WINDOW            each submission window, in seconds (default 20)
#   KEEP_DATA=1       keep the scratch folder
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

submissions="${SUBMISSIONS:-1000000}"
seconds="${WINDOW:-20}"

build_release GridwayBenchmarks
log "loading $submissions submissions, then running the retention job (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$bin_dir/GridwayBenchmarks" retention --repository "$repo" --database "$work/gridway.sqlite" \
    --submissions "$submissions" --seconds "$seconds" | tee "$work/retention.txt"
figure() { awk -v key="$1" '$1 == key { print $2 }' "$work/retention.txt"; }
echo
echo "retention job alone:        $(figure alone_erased_per_second) erased/s, $(figure alone_cpu_us_per_erasure) µs CPU per erasure (unpaced, as retention run)"
echo "submissions alone:          $(figure baseline_submissions_per_second)/s"
echo "submissions during the job: $(figure during_submissions_per_second)/s, $(figure during_over_baseline) × alone (goal ≥ 0.90)"
echo "retention job meanwhile:    $(figure during_erased_per_second) erased/s (paced: a tenth of the writer)"
echo "load average after:         $(cut -d' ' -f1-3 /proc/loadavg)"
