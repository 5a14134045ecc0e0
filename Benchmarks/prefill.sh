#!/usr/bin/env bash
# Prefill by subject with two live fetch sources and 100 000 earlier submissions, in one run.
#
# `GridwayBenchmarks prefill` loads SUBMISSIONS elderly-visit@1 reports about SUBJECTS residents into
# a fresh SQLite store, spread over 北京街社区 (210102001001) and its grids, through SQLiteStore.submit
# with each report's subject key as the server stores it; then it serves two JSON stand-ins on
# loopback (the fetch sources), each with records about the first 200 residents (the second with
# other phone numbers, so those prefills report a conflict). `gridway serve` runs on that store with
# two declarative fetch adapters pointed at them. wrk then asks
#   GET /v1/prefill?contract=elderly-visit@1&unit=210102001001&subject=<a random resident>
# with a staff key: both sources fetched and filtered to the subject, and the subject's newest
# reports looked up through the subject-key index. Every answer is checked (200, both sources "ok").
# Prints requests/s, p50 and p99.
#
# Usage: Benchmarks/prefill.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   SUBMISSIONS       earlier submissions      (default 100000)
#   SUBJECTS          residents they are about (default 5000)
#   THREADS           wrk threads              (default 2)
#   CONNECTIONS       wrk connections          (default 16)
#   DURATION          wrk duration             (default 10s)
#   KEEP_DATA=1       keep the scratch folder and logs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

submissions="${SUBMISSIONS:-100000}"
subjects="${SUBJECTS:-5000}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-10s}"
unit="210102001001"

require_tools wrk curl
build_release gridway GridwayBenchmarks

# ---------------------------------------------------------------- the store and the two sources
mkdir -p "$work/data" "$work/adapters"
log "loading $submissions submissions about $subjects residents"
background world "$bin_dir/GridwayBenchmarks" prefill --repository "$repo" --database "$work/data/gridway.sqlite" \
    --output "$work" --unit "$unit" --submissions "$submissions" --subjects "$subjects"
world_pid="$background_pid"
for _ in $(seq 1 6000); do
    grep -q '^ready$' "$work/world.stdout" && break
    kill -0 "$world_pid" 2>/dev/null || { cat "$work/world.stdout" "$work/world.stderr" >&2; fail "the loader exited"; }
    sleep 0.1
done
grep -q '^ready$' "$work/world.stdout" || fail "the loader was not ready within 10 minutes"
grep '^loaded' "$work/world.stdout" >&2
for n in 1 2; do
    url="$(sed -n "s|^source $n \(http://[^ ]*\)$|\1|p" "$work/world.stdout")"
    mkdir -p "$work/adapters/source-$n"
    cat >"$work/adapters/source-$n/adapter.yaml" <<YAML
id: source-$n
title: 预填来源 $n
kind: declarative
capabilities: [fetch]
contracts:
  - ref: elderly-visit@1
    grant: [elderName, elderIdNumber, elderPhone, address]
fetch:
  timeout: 5s
  request:
    method: GET
    url: $url/api
    query: {unit: \$.query.unit}
  response:
    format: json
    success: {status: [200]}
  records: \$.data.records
  unitField: unit
  map:
    unit: \$.record.unit
    elderName: \$.record.elderName | optional
    elderIdNumber: \$.record.elderIdNumber | optional
    elderPhone: \$.record.elderPhone | optional
    address: \$.record.address | optional
YAML
done

# ---------------------------------------------------------------- Gridway over that store
start_gridway "$work/data" GRIDWAY_ADAPTERS_DIRECTORY="$work/adapters"
staff_key="$(create_key "$work/data" --role staff --unit "$unit" --name "benchmark 北京街社区")"
first="$(head -n 1 "$work/subjects.txt")"
answer="$(curl -fsS -H "Authorization: Bearer $staff_key" "$base$first")"
printf '%s' "$answer" | grep -q '"conflicts":\[{' || fail "the first resident's prefill reports no conflict: $answer"
[ "$(printf '%s' "$answer" | grep -o '"status":"ok"' | wc -l)" -eq 2 ] || fail "not both sources ok: $answer"
log "Gridway at $base; $(wc -l <"$work/subjects.txt") residents to ask about"

# ---------------------------------------------------------------- wrk
PATHS_FILE="$work/subjects.txt" GRIDWAY_KEY="$staff_key" EXPECT='"status":"ok","records"' \
    run_wrk "$work/wrk.txt" -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/request.lua" "$base/"
grep -q 'bad=0$' "$work/wrk.txt" || fail "some answers were not 200 with a source ok (see $work/wrk.txt)"

printf '\nGridway prefill by subject (%s, %s CPUs; wrk -t%s -c%s -d%s, loopback)\n' \
    "$(uname -m)" "$(nproc)" "$threads" "$connections" "$duration"
printf '  %s earlier submissions about %s residents in %s, two fetch sources\n\n' "$submissions" "$subjects" "$unit"
printf '  %-40s %12s %10s %10s\n' "endpoint" "requests/s" "p50 ms" "p99 ms"
printf '  %-40s %12s %10s %10s\n' "GET /v1/prefill?…&subject=<resident>" \
    "$(wrk_field "$work/wrk.txt" Requests/sec:)" "$(to_ms "$(wrk_field "$work/wrk.txt" 50%)")" \
    "$(to_ms "$(wrk_field "$work/wrk.txt" 99%)")"
