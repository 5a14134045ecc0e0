#!/usr/bin/env bash
# Builds the libFuzzer targets (every Swift module instrumented with -sanitize=fuzzer,address) and runs
# each in turn on a scratch copy of its seed corpus, then prints one line per target.
#
#   Fuzz/run.sh [seconds-per-target] [target...]     default: 60 s, every target
#
# Runs go to Fuzz/.build/runs/<time>/<target>/ (corpus/, log, and any crash-*, leak-*, timeout-*,
# oom-* reproducer); FUZZ_RUNS_DIR overrides the parent folder. FUZZ_BIN_DIR=Fuzz/.build/release runs the
# targets already built instead of building them; extra libFuzzer flags can be given in FUZZ_FLAGS. Exits 1
# when any target found something. See Fuzz/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-60}"
[ $# -gt 0 ] && shift
all=(FuzzJSONSchema FuzzJSONPath FuzzManifest FuzzCSV FuzzXML FuzzGB18030 FuzzSubmission FuzzHTML FuzzRequestIntegers)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

if ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi
# Pin the fuzz package's dependencies to the main package's resolution when there is one.
if [ ! -f "$here/Package.resolved" ] && [ -f "$here/../Package.resolved" ]; then
    cp "$here/../Package.resolved" "$here/Package.resolved"
fi

# -sanitize=fuzzer adds coverage instrumentation to every Swift module (the parsers, not only the
# harnesses) and links libFuzzer's main; -enable-testing lets FuzzSubmission reach the server's internal
# intake; lld links the sanitizer runtimes without gold's warnings.
build=(swift build -c release --package-path "$here" --scratch-path "$here/.build"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -use-ld=lld)
if [ -n "${FUZZ_BIN_DIR:-}" ]; then
    bin="$FUZZ_BIN_DIR"
else
    for target in "${targets[@]}"; do
        "${build[@]}" --product "$target"
    done
    bin="$("${build[@]}" --show-bin-path)"
fi

runs="${FUZZ_RUNS_DIR:-$here/.build/runs}/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$runs"
# The Swift runtime's own crash backtracer would hold the process open after libFuzzer reports.
export SWIFT_BACKTRACE=enable=no
# Leaks are checked (libFuzzer's per-input check and at exit); lsan.supp explains its two suppressions, which
# need allocation stacks deep enough to reach a global's initializer.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=64}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}"

found=0
rows=()
for target in "${targets[@]}"; do
    run="$runs/$target"
    mkdir -p "$run/corpus"
    cp "$here/Corpus/$target/"* "$run/corpus/"
    seeds=$(find "$run/corpus" -type f | wc -l)
    flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$run/")
    if [ -f "$here/Dictionaries/$target.dict" ]; then flags+=(-dict="$here/Dictionaries/$target.dict"); fi
    echo "== $target: ${seconds}s from $seeds seeds, log in $run/log" >&2
    # A finding ends libFuzzer with a non-zero status; the table reports it.
    # shellcheck disable=SC2086
    "$bin/$target" "${flags[@]}" ${FUZZ_FLAGS:-} "$run/corpus" >"$run/log" 2>&1 || true
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log" | tail -1)
    findings=$(find "$run" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    grown=$(($(find "$run/corpus" -type f | wc -l) - seeds))
    [ "$findings" -gt 0 ] && found=1
    rows+=("$(printf '%-15s %12s %8s %8s %7s → %-6s' "$target" "${executions:-?}" "${rate:-?}" "$findings" "$seeds" "$((seeds + grown))")")
done

printf '%-15s %12s %8s %8s %s\n' target executions exec/s findings "corpus (seeds → after)"
printf '%s\n' "${rows[@]}"
echo "runs: $runs"
exit "$found"
