#!/usr/bin/env bash
# End-to-end fan-out: submissions accepted and delivered to three local upstreams per second, with
# the delivery lag, beside wrk hitting the same three upstreams directly, in one run.
#
# Starts three upstreams (`GridwayBenchmarks upstreams`: JSONDepartment, the 卫健局 SOAP service and
# FormDepartment) and `gridway serve` with three targets for elderly-visit@1 — civil-affairs-elderly
# (JSON, bearer), health-commission-visits (SOAP/XML, HMAC) and Benchmarks/adapters/bench-form-elderly
# (form) — each signing its requests (Standard Webhooks) with its own secret. Then:
#   1. direct:    three wrk runs at once, each posting to one upstream the very request its adapter
#                 sends — what the upstreams serve without Gridway;
#   2. saturated: wrk posts valid submissions (submit.lua) as fast as it can for DURATION; the run
#                 waits until every delivery is done; rate = submissions ÷ (last delivered − first
#                 accepted), so it is the slower of accepting and delivering;
#   3. half rate: wrk paced (submit.lua with GRIDWAY_DELAY_MS) at half the saturated rate for DURATION.
# Lag is, per delivery, deliveredAt − createdAt from the store (acceptance to the upstream's answer
# recorded; millisecond resolution). Every delivery must end `delivered`.
#
# Usage: Benchmarks/fanout.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   DIRECT_CONNECTIONS    wrk connections of the direct run, a third per upstream (default 48)
#   SATURATED_CONNECTIONS wrk connections of the saturated run (default 48)
#   PACED_CONNECTIONS     wrk connections of the half-rate run (default 16)
#   DURATION          each wrk run (default 10s)
#   KEEP_DATA=1       keep the scratch folder, the database and logs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

direct_connections="${DIRECT_CONNECTIONS:-48}"
connections="${SATURATED_CONNECTIONS:-48}"
paced_connections="${PACED_CONNECTIONS:-16}"
duration="${DURATION:-10s}"
targets=(civil-affairs-elderly health-commission-visits bench-form-elderly)

require_tools wrk curl sqlite3
build_release gridway GridwayBenchmarks

# ---------------------------------------------------------------- three upstreams
background upstreams "$bin_dir/GridwayBenchmarks" upstreams --repository "$repo" --requests "$work/requests"
upstream_pid="$background_pid"
json_url="$(wait_for_line upstreams "$upstream_pid" 's|^json \(http://[^ ]*\)$|\1|p')"
xml_url="$(wait_for_line upstreams "$upstream_pid" 's|^xml \(http://[^ ]*\)$|\1|p')"
form_url="$(wait_for_line upstreams "$upstream_pid" 's|^form \(http://[^ ]*\)$|\1|p')"
log "upstreams: JSON $json_url, SOAP $xml_url, form $form_url"

# ---------------------------------------------------------------- Gridway with three targets
mkdir -p "$work/adapters"
ln -s "$repo/adapters/civil-affairs-elderly" "$work/adapters/"
ln -s "$repo/adapters/health-commission-visits" "$work/adapters/"
ln -s "$here/adapters/bench-form-elderly" "$work/adapters/"
secrets=()
for target in "${targets[@]}"; do
    variable="GRIDWAY_SIGNING_SECRETS_$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')"
    secrets+=("$variable=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')")
done
data="$work/data"
start_gridway "$data" GRIDWAY_ADAPTERS_DIRECTORY="$work/adapters" \
    CIVIL_AFFAIRS_URL="$json_url" CIVIL_AFFAIRS_TOKEN=bench-token \
    HEALTH_COMMISSION_URL="$xml_url" HEALTH_COMMISSION_APP_ID=bench-app HEALTH_COMMISSION_APP_SECRET=bench-secret \
    BENCH_FORM_URL="$form_url" "${secrets[@]}"
staff_key="$(create_key "$data" --role staff --unit 210102 --name "benchmark 和平区")"
log "Gridway at $base, staff key for 210102 created"

sql() { sqlite3 -readonly -cmd ".timeout 5000" "$data/gridway.sqlite" "$1"; }
now_ms() { date +%s%3N; }

# wait_drained — until no delivery is outstanding (at most 10 minutes).
wait_drained() {
    local outstanding
    for _ in $(seq 1 6000); do
        outstanding="$(sql "SELECT count(*) FROM delivery WHERE state IN ('pending', 'in-flight', 'retrying')")"
        [ "$outstanding" = 0 ] && return 0
        sleep 0.1
    done
    fail "$outstanding deliveries still outstanding after 10 minutes"
}

# ---------------------------------------------------------------- smoke test
report="$here/elderly-visit-report.json"
body="{\"contract\":\"elderly-visit@1\",\"unit\":\"210102001001\",\"period\":\"2026-11\",\"data\":$(cat "$report")}"
status="$(curl -sS -o "$work/smoke.json" -w '%{http_code}' "$base/v1/submissions" \
    -H "Authorization: Bearer $staff_key" -H "Content-Type: application/json" \
    -H "Idempotency-Key: bench-smoke-$$" --data-binary "$body")"
[ "$status" = 202 ] || fail "a valid submission answered $status: $(cat "$work/smoke.json")"
wait_drained
delivered="$(sql "SELECT count(*) FROM delivery WHERE state = 'delivered'")"
[ "$delivered" = 3 ] || fail "the smoke submission reached $delivered of 3 targets: $(sql "SELECT target, state, lastError FROM delivery")"
log "smoke test passed: one submission delivered to all three targets"

# ---------------------------------------------------------------- 1. the upstreams directly
per_upstream=$((direct_connections / 3 > 0 ? direct_connections / 3 : 1))
log "direct: three wrk -t1 -c$per_upstream -d$duration at once, one per upstream"
pids=()
for name in json xml form; do
    BODY_FILE="$work/requests/$name.body" CONTENT_TYPE="$(cat "$work/requests/$name.type")" \
        wrk -t1 -c"$per_upstream" -d"$duration" --latency -s "$here/request.lua" "$(cat "$work/requests/$name.url")" \
        >"$work/direct-$name.txt" 2>&1 &
    pids+=("$!")
done
wrk_pids=("${pids[@]}")
for pid in "${pids[@]}"; do wait "$pid" || fail "a direct wrk run failed (output in $work/direct-*.txt)"; done
wrk_pids=()
direct_rps=0
for name in json xml form; do
    cat "$work/direct-$name.txt" >&2
    bad="$(sed -n 's/^request.lua: responses=[0-9]* bad=\([0-9]*\)$/\1/p' "$work/direct-$name.txt")"
    [ "$bad" = 0 ] || fail "the $name upstream answered $bad requests with something else than 200"
    direct_rps="$(awk -v a="$direct_rps" -v b="$(wrk_field "$work/direct-$name.txt" 'Requests/sec:')" 'BEGIN { printf "%.2f", a + b }')"
done

# ---------------------------------------------------------------- phases through Gridway
# phase_stats FROM TO — one line for the submissions accepted between FROM and TO (epoch ms):
# submissions, deliveries, deliveries not delivered, first accepted, last delivered (epoch ms),
# and the lag p50 and p99 (ms) of the delivered ones.
phase_stats() {
    local where="createdAt >= $1 AND createdAt <= $2"
    printf '%s %s\n' \
        "$(sql "SELECT count(DISTINCT submissionID), count(*), sum(state != 'delivered'), min(createdAt), max(deliveredAt)
                FROM delivery WHERE $where" | tr '|' ' ')" \
        "$(sql "SELECT deliveredAt - createdAt FROM delivery WHERE $where AND state = 'delivered' ORDER BY 1" | awk '
            { lag[NR] = $1 }
            END { if (NR == 0) { print "0 0"; exit }
                  printf "%d %d\n", lag[int(0.50 * (NR - 1)) + 1], lag[int(0.99 * (NR - 1)) + 1] }')"
}

# phase NAME WRK_ARGS… — wrk posts submissions (submit.lua) with WRK_ARGS, then the run waits until
# every delivery is done; sets NAME_subs, NAME_deliveries, NAME_rate (submissions ÷ (last delivered −
# first accepted)), NAME_p50 and NAME_p99. Fails unless every submission got 202 and every delivery
# ended delivered.
phase() {
    local name="$1" from to non202 subs deliveries failed first last p50 p99
    shift
    from="$(now_ms)"
    GRIDWAY_KEY="$staff_key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$name-$(date +%s)-$$" \
        run_wrk "$work/$name.txt" "$@" --latency -s "$here/submit.lua" "$base/v1/submissions"
    to="$(now_ms)"
    non202="$(sed -n 's/^submit.lua: responses=[0-9]* non202=\([0-9]*\)$/\1/p' "$work/$name.txt")"
    [ "$non202" = 0 ] || fail "$name: $non202 submissions were not answered 202"
    wait_drained
    read -r subs deliveries failed first last p50 p99 <<<"$(phase_stats "$from" "$to")"
    [ "$failed" = 0 ] || fail "$name: $failed deliveries did not end delivered"
    printf -v "${name}_subs" '%s' "$subs"
    printf -v "${name}_deliveries" '%s' "$deliveries"
    printf -v "${name}_rate" '%s' "$(awk -v n="$subs" -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (b > a ? n * 1000 / (b - a) : 0) }')"
    printf -v "${name}_p50" '%s' "$p50"
    printf -v "${name}_p99" '%s' "$p99"
}

log "saturated: wrk -t2 -c$connections -d$duration -s submit.lua, then wait for every delivery"
phase sat -t2 -c"$connections" -d"$duration"

paced_rate="$(awk -v r="$sat_rate" 'BEGIN { printf "%.1f", r / 2 }')"
delay_ms="$(awk -v c="$paced_connections" -v r="$paced_rate" 'BEGIN { d = (r > 0 ? c * 1000 / r : 1000); printf "%d", (d < 1 ? 1 : d) }')"
log "half rate: about $paced_rate submissions/s — wrk -t2 -c$paced_connections -d$duration, each connection waiting ${delay_ms} ms"
GRIDWAY_DELAY_MS="$delay_ms" phase half -t2 -c"$paced_connections" -d"$duration"

accepted_rps="$(wrk_field "$work/sat.txt" 'Requests/sec:')"
row() { printf '  %-36s %14s %20s %11s %11s\n' "$@"; }
times3() { awk -v r="$1" 'BEGIN { printf "%.1f", r * 3 }'; }
cat <<EOF

Gridway fan-out ($(uname -m), $(nproc) CPUs; three upstreams on loopback: JSON, SOAP/XML, form; wrk -d$duration)

$(row run submissions/s "upstream requests/s" "lag p50 ms" "lag p99 ms")
$(row "direct: wrk → the three upstreams" - "$direct_rps" - -)
$(row "fan-out, saturated (-c$connections)" "$sat_rate" "$(times3 "$sat_rate")" "$sat_p50" "$sat_p99")
$(row "fan-out, half rate (-c$paced_connections paced)" "$half_rate" "$(times3 "$half_rate")" "$half_p50" "$half_p99")

  ratio fan-out/direct (upstream requests/s): $(ratio "$(times3 "$sat_rate")" "$direct_rps")   (target: 0.50 or better)
  p99 lag at half rate: $half_p99 ms   (target: under 50 ms)
  saturated: $sat_subs submissions accepted at $accepted_rps/s by wrk, $sat_deliveries deliveries, all delivered
  half rate: $half_subs submissions, $half_deliveries deliveries, all delivered
EOF
