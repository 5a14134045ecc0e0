#!/usr/bin/env bash
# Soak: DURATION of mixed load against a release build with flapping upstreams; a row every SAMPLE
# seconds with throughput and p99 latency per kind and the server's resident memory, then deliveries
# lost and duplicates without a shared idempotency key once the upstreams are back for good.
#
# Starts `GridwayBenchmarks soak-upstreams` (JSONDepartment for civil-affairs-elderly, FormDepartment
# for Benchmarks/adapters/bench-form-elderly; each up UP seconds then down DOWN seconds — 503 with
# Retry-After, 500 or a 12 s hang in turn — half a cycle apart, each logging every request it
# receives) and `gridway serve` with those two targets. Then, in windows of SAMPLE seconds until
# DURATION is over, at once:
#   submit   wrk -c4 POST /v1/submissions (submit.lua, paced by SUBMIT_DELAY_MS), staff of 210102
#   inbox    wrk -c2 GET /v1/inbox (soak.lua, READ_DELAY_MS), staff of the community 210102001001
#   aggr     wrk -c2 GET /v1/aggregates for 210102 (soak.lua, READ_DELAY_MS), staff of 210102
#   results  wrk -c1 POST /v1/results, a notice to the street 210102001's subtree (RESULT_DELAY_MS)
#   sse      SSE_CLIENTS curl clients on GET /v1/inbox/stream as the community: events received
# and, at the end of each window, the gridway process's resident memory from /proc/PID/status: all of
# it (VmRSS) and its anonymous part (RssAnon: heap and stacks, without the pages of mapped files).
# After the load the upstreams stop flapping; the run waits (at most DRAIN) until no delivery is
# outstanding, then counts, from the store and the upstreams' logs:
#   lost        deliveries of accepted submissions not delivered, and accepted submissions an upstream
#               never received (both must be 0)
#   duplicates  (submission, target) pairs an upstream received under more than one Idempotency-Key
#               (must be 0); requests repeated under the same key are reported beside it
#
# Usage: Benchmarks/soak.sh                  (30 minutes)
#        DURATION=2m Benchmarks/soak.sh      (a quick run)
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   DURATION          total load time: 30m (default), 2m, 600s…
#   SAMPLE            seconds per window and row (default 30)
#   UP, DOWN          seconds each upstream is up, then down, in a cycle (default 45, 15)
#   SUBMIT_DELAY_MS   pause of each of the 4 submission connections before each request (default 40)
#   READ_DELAY_MS     the same for the 2+2 read connections (default 10)
#   RESULT_DELAY_MS   the same for the result connection (default 200)
#   SSE_CLIENTS       open inbox streams (default 4)
#   DRAIN             longest wait for outstanding deliveries after the load, in seconds (default 300)
#   KEEP_DATA=1       keep the scratch folder, the database and logs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

seconds_of() {
    case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
    esac
}
duration="$(seconds_of "${DURATION:-30m}")"
sample="${SAMPLE:-30}"
up="${UP:-45}"
down="${DOWN:-15}"
submit_delay="${SUBMIT_DELAY_MS:-40}"
read_delay="${READ_DELAY_MS:-10}"
result_delay="${RESULT_DELAY_MS:-200}"
sse_clients="${SSE_CLIENTS:-4}"
drain="${DRAIN:-300}"
targets=(civil-affairs-elderly bench-form-elderly)

require_tools wrk curl sqlite3
build_release gridway GridwayBenchmarks

# ---------------------------------------------------------------- two flapping upstreams
background upstreams "$bin_dir/GridwayBenchmarks" soak-upstreams --log "$work/upstreams" --up "$up" --down "$down"
upstream_pid="$background_pid"
json_url="$(wait_for_line upstreams "$upstream_pid" 's|^json \(http://[^ ]*\)$|\1|p')"
form_url="$(wait_for_line upstreams "$upstream_pid" 's|^form \(http://[^ ]*\)$|\1|p')"
log "upstreams: JSON $json_url, form $form_url (up ${up}s, down ${down}s, half a cycle apart)"

# ---------------------------------------------------------------- Gridway with two targets
mkdir -p "$work/adapters"
ln -s "$repo/adapters/civil-affairs-elderly" "$work/adapters/"
ln -s "$here/adapters/bench-form-elderly" "$work/adapters/"
# Nothing may go dead during the run: many attempts, short backoff, a breaker that probes soon.
{
    echo "targets:"
    for target in "${targets[@]}"; do
        echo "  $target: {timeout: 5s, maxAttempts: 10000, retryDelay: 1s, maxRetryDelay: 15s, breakerOpenFor: 5s}"
    done
} >"$work/gridway.yaml"
secrets=()
for target in "${targets[@]}"; do
    variable="GRIDWAY_SIGNING_SECRETS_$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')"
    secrets+=("$variable=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')")
done
data="$work/data"
start_gridway "$data" GRIDWAY_CONFIG="$work/gridway.yaml" GRIDWAY_ADAPTERS_DIRECTORY="$work/adapters" \
    CIVIL_AFFAIRS_URL="$json_url" CIVIL_AFFAIRS_TOKEN=soak-token BENCH_FORM_URL="$form_url" "${secrets[@]}"
gridway_pid="$background_pid"
district_key="$(create_key "$data" --role staff --unit 210102 --name "soak 和平区")"
community_key="$(create_key "$data" --role staff --unit 210102001001 --name "soak 社区")"
upstream_key="$(create_key "$data" --role upstream --target civil-affairs-elderly --unit 210102 --name "soak 民政局")"
log "Gridway at $base (pid $gridway_pid); keys for 210102, 210102001001 and the 民政局 upstream created"

sql() { sqlite3 -readonly -cmd ".timeout 10000" "$data/gridway.sqlite" "$1"; }
report="$here/elderly-visit-report.json"
printf '%s\n' '{"kind":"notice","title":"防汛通知","body":"请各社区做好防汛准备。","audience":{"unit":"210102001","scope":"subtree"}}' \
    >"$work/result.json"

# ---------------------------------------------------------------- inbox streams
sse_pids=()
for i in $(seq 1 "$sse_clients"); do
    background "sse-$i" curl -sSN -H "Authorization: Bearer $community_key" "$base/v1/inbox/stream"
    sse_pids+=("$background_pid")
done
sse_events() { cat "$work"/sse-*.stdout 2>/dev/null | grep -c '^id:' || true; }

# ---------------------------------------------------------------- windows of load
# wrk_window NAME WRK_ARGS… — one wrk run of the window in the background (output $work/w-NAME.txt).
wrk_window() {
    local name="$1"
    shift
    wrk -t1 -d"${sample}s" --latency "$@" >"$work/w-$name.txt" 2>&1 &
    wrk_pids+=("$!")
}
# p99_ms FILE — wrk's 99th percentile latency in ms.
p99_ms() { to_ms "$(wrk_field "$1" '99%')"; }
# rss_mb FIELD — one of /proc/PID/status's memory lines in MB: VmRSS is all resident memory, RssAnon
# the process's own (heap, stacks), RssFile + RssShmem the pages of mapped files (SQLite's WAL index).
rss_mb() { awk -v field="$1:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$gridway_pid/status"; }

row() { printf '%6s %9s %9s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n' "$@"; }
table="$work/table.txt"
{
    row "t(s)" "submit/s" "p99 ms" "inbox/s" "p99 ms" "aggr/s" "p99 ms" "result/s" "p99 ms" "sse ev/s" "RSS MB" "anon MB" "backlog"
} >"$table"
cat "$table" >&2
accepted=0
refused=0
sse_before="$(sse_events)"
windows=$(((duration + sample - 1) / sample))
started="$(date +%s)"
for window in $(seq 1 "$windows"); do
    run_id="w$window-$$"
    wrk_pids=()
    GRIDWAY_KEY="$district_key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$run_id" GRIDWAY_DELAY_MS="$submit_delay" \
        wrk_window submit -c4 -s "$here/submit.lua" "$base/v1/submissions"
    GRIDWAY_KEY="$community_key" DELAY_MS="$read_delay" \
        wrk_window inbox -c2 -s "$here/soak.lua" "$base/v1/inbox"
    GRIDWAY_KEY="$district_key" DELAY_MS="$read_delay" \
        wrk_window aggr -c2 -s "$here/soak.lua" "$base/v1/aggregates?contract=elderly-visit@1&unit=210102&period=2026-11"
    GRIDWAY_KEY="$upstream_key" BODY_FILE="$work/result.json" GRIDWAY_RUN="$run_id" DELAY_MS="$result_delay" \
        wrk_window results -c1 -s "$here/soak.lua" "$base/v1/results"
    for pid in "${wrk_pids[@]}"; do wait "$pid" || fail "a wrk run failed in window $window (output in $work/w-*.txt)"; done
    wrk_pids=()
    for name in submit inbox aggr results; do cat "$work/w-$name.txt" >>"$work/wrk.log"; done
    responses="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=.*$/\1/p' "$work/w-submit.txt")"
    non202="$(sed -n 's/^submit.lua: responses=[0-9]* non202=\([0-9]*\)$/\1/p' "$work/w-submit.txt")"
    accepted=$((accepted + responses - non202))
    refused=$((refused + non202))
    for name in inbox aggr results; do
        bad="$(sed -n 's/^soak.lua: responses=[0-9]* bad=\([0-9]*\)$/\1/p' "$work/w-$name.txt")"
        [ "$bad" = 0 ] || fail "window $window: $bad $name requests were not answered 2xx (output in $work/w-$name.txt)"
    done
    sse_now="$(sse_events)"
    backlog="$(sql "SELECT count(*) FROM delivery WHERE state IN ('pending', 'in-flight', 'retrying')")"
    row "$(($(date +%s) - started))" \
        "$(wrk_field "$work/w-submit.txt" 'Requests/sec:')" "$(p99_ms "$work/w-submit.txt")" \
        "$(wrk_field "$work/w-inbox.txt" 'Requests/sec:')" "$(p99_ms "$work/w-inbox.txt")" \
        "$(wrk_field "$work/w-aggr.txt" 'Requests/sec:')" "$(p99_ms "$work/w-aggr.txt")" \
        "$(wrk_field "$work/w-results.txt" 'Requests/sec:')" "$(p99_ms "$work/w-results.txt")" \
        "$(awk -v a="$sse_before" -v b="$sse_now" -v s="$sample" 'BEGIN { printf "%.1f", (b - a) / s }')" \
        "$(rss_mb VmRSS)" "$(rss_mb RssAnon)" "$backlog" | tee -a "$table" >&2
    sse_before="$sse_now"
done
for pid in "${sse_pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "an inbox stream ended during the run"; done

# ---------------------------------------------------------------- drain with the upstreams back
touch "$work/upstreams/steady"
log "load over; upstreams steady; waiting up to ${drain}s for outstanding deliveries"
drain_started="$(date +%s)"
outstanding=1
while [ $(($(date +%s) - drain_started)) -lt "$drain" ]; do
    outstanding="$(sql "SELECT count(*) FROM delivery WHERE state IN ('pending', 'in-flight', 'retrying')")"
    [ "$outstanding" = 0 ] && break
    sleep 1
done
drained_in=$(($(date +%s) - drain_started))
sleep 2 # the upstreams write their logs every second

# ---------------------------------------------------------------- lost and duplicates
stored="$(sql "SELECT count(*) FROM submission WHERE idempotencyKey LIKE 'bench-w%'")"
not_delivered="$(sql "SELECT count(*) FROM delivery WHERE state != 'delivered'")"
states="$(sql "SELECT state || ' ' || count(*) FROM delivery GROUP BY state" | tr '\n' ' ')"
never_received=0
duplicates=0
repeated=0
for pair in "json civil-affairs-elderly" "form bench-form-elderly"; do
    read -r name target <<<"$pair"
    sql "SELECT submissionID FROM delivery WHERE target = '$target'" | sort -u >"$work/expected-$name.txt"
    awk '{ print $1 }' "$work/upstreams/$name.log" | sort -u >"$work/received-$name.txt"
    missing="$(comm -23 "$work/expected-$name.txt" "$work/received-$name.txt" | wc -l)"
    never_received=$((never_received + missing))
    # A (submission, target) under more than one key, or under a key that is not its own.
    keyed="$(awk -v t="$target" '$2 != "gridway:" $1 ":" t { wrong++ } END { print wrong + 0 }' "$work/upstreams/$name.log")"
    multi="$(sort -u "$work/upstreams/$name.log" | awk '{ n[$1]++ } END { c = 0; for (s in n) if (n[s] > 1) c++; print c }')"
    duplicates=$((duplicates + keyed + multi))
    repeated=$((repeated + $(wc -l <"$work/upstreams/$name.log") - $(sort -u "$work/upstreams/$name.log" | wc -l)))
done
lost=$((not_delivered + never_received))

cat <<EOF

Gridway soak ($(uname -m), $(nproc) CPUs; $((duration / 60)) min $((duration % 60)) s of load in ${sample}-s windows;
two upstreams up ${up} s / down ${down} s; wrk: submit -c4 every ${submit_delay} ms, inbox -c2 and aggregates -c2
every ${read_delay} ms, results -c1 every ${result_delay} ms; ${sse_clients} SSE clients)

$(cat "$table")

  submissions answered 202: $accepted, refused: $refused, stored: $stored (wrk does not count the answers
  still on their way when a window closes: up to 4 a window are stored without being counted)
  deliveries: $states
  drained in ${drained_in} s after the load (outstanding at the end: $outstanding)
  deliveries lost: $lost  ($not_delivered not delivered, $never_received accepted submissions an upstream never received)
  duplicates without a shared idempotency key: $duplicates
  requests an upstream received again under the same key (retries after a timeout or a fault): $repeated
EOF
[ "$stored" -ge "$accepted" ] || fail "$accepted submissions were acknowledged but only $stored are stored"
[ "$lost" = 0 ] || fail "$lost deliveries lost"
[ "$duplicates" = 0 ] || fail "$duplicates duplicates without a shared idempotency key"
