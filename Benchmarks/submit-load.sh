#!/usr/bin/env bash
# Load test: durable submissions per second against the bare-handler ceiling, in one run.
#
# Builds a release `gridway`, starts `gridway serve` on a fresh temporary data directory and a free
# loopback port, then drives it with wrk twice:
#   1. GET /healthz           — the bare Hummingbird handler, no auth, no storage (the ceiling);
#   2. POST /v1/submissions   — authenticated, validated, idempotency-checked, durably committed
#                               (WAL + synchronous=FULL, group commit) valid elderly-visit@1 reports.
# Prints requests/s, p50 and p99 for both and the ratio submissions/healthz. Fails if any
# submission is answered with anything but 202.
#
# Usage: Benchmarks/submit-load.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR  use the gridway executable in this folder instead of building one
#   THREADS       wrk threads                 (default 2)
#   CONNECTIONS   wrk connections             (default 64)
#   DURATION      wrk duration per run        (default 10s)
#   KEEP_DATA=1   keep the temporary data directory and server logs for inspection
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"

require_tools wrk curl
build_release gridway

# ---------------------------------------------------------------- the server and a staff key
data="$work/data"
log "starting $bin_dir/gridway serve (data in $data)"
start_gridway "$data"
log "server listening on $base, captured the first admin key"
staff_key="$(create_key "$data" --role staff --unit 210102 --name "benchmark 和平区")"
log "created a staff key for 210102"

# ---------------------------------------------------------------- smoke test before loading
# The admin key must authenticate, and one submission with the staff key must be accepted,
# otherwise wrk would only measure error replies.
status="$(curl -sS -o "$work/smoke.json" -w '%{http_code}' "$base/v1/submissions?limit=1" \
    -H "Authorization: Bearer $admin_key")"
[ "$status" = 200 ] || { echo "error: GET /v1/submissions with the admin key answered $status:" >&2; cat "$work/smoke.json" >&2; exit 1; }

report="$here/elderly-visit-report.json"
body="{\"contract\":\"elderly-visit@1\",\"unit\":\"210102001001\",\"period\":\"2026-11\",\"data\":$(cat "$report")}"
status="$(curl -sS -o "$work/smoke.json" -w '%{http_code}' "$base/v1/submissions" \
    -H "Authorization: Bearer $staff_key" -H "Content-Type: application/json" \
    -H "Idempotency-Key: bench-smoke-$$" --data-binary "$body")"
[ "$status" = 202 ] || { echo "error: a valid submission answered $status:" >&2; cat "$work/smoke.json" >&2; echo >&2; exit 1; }
log "smoke test passed: a valid submission got 202"

# ---------------------------------------------------------------- measure
log "wrk -t$threads -c$connections -d$duration --latency $base/healthz"
run_wrk "$work/healthz.txt" -t"$threads" -c"$connections" -d"$duration" --latency "$base/healthz"

log "wrk -t$threads -c$connections -d$duration --latency -s submit.lua $base/v1/submissions"
export GRIDWAY_KEY="$staff_key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$(date +%s)-$$"
run_wrk "$work/submit.txt" -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/submit.lua" \
    "$base/v1/submissions"

health_rps="$(wrk_field "$work/healthz.txt" 'Requests/sec:')"
health_p50="$(to_ms "$(wrk_field "$work/healthz.txt" '50%')")"
health_p99="$(to_ms "$(wrk_field "$work/healthz.txt" '99%')")"
health_errors="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$work/healthz.txt")"
submit_rps="$(wrk_field "$work/submit.txt" 'Requests/sec:')"
submit_p50="$(to_ms "$(wrk_field "$work/submit.txt" '50%')")"
submit_p99="$(to_ms "$(wrk_field "$work/submit.txt" '99%')")"
responses="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\1/p' "$work/submit.txt")"
non202="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\2/p' "$work/submit.txt")"
[ -n "$health_rps" ] && [ -n "$submit_rps" ] && [ -n "$responses" ] && [ -n "$non202" ] || {
    echo "error: could not read wrk's output (kept in $work)" >&2
    KEEP_DATA=1
    exit 1
}
ratio="$(ratio "$submit_rps" "$health_rps")"

# Everything acknowledged must be in the store: the smoke submission plus every 202.
stored=""
if command -v sqlite3 >/dev/null 2>&1; then
    stored="$(sqlite3 -readonly -cmd ".timeout 5000" "$data/gridway.sqlite" 'SELECT count(*) FROM submission' 2>/dev/null || true)"
fi

cat <<EOF

Gridway submit-load ($(uname -m), $(nproc) CPUs; wrk -t$threads -c$connections -d$duration, loopback)

  endpoint              requests/s      p50 ms     p99 ms
  GET  /healthz       $(printf '%12s  %10s %10s' "$health_rps" "$health_p50" "$health_p99")
  POST /v1/submissions$(printf '%12s  %10s %10s' "$submit_rps" "$submit_p50" "$submit_p99")

  ratio submissions/healthz: $ratio   (target: 0.50 or better)
  submissions answered: $responses, non-202: $non202${stored:+, rows stored: $stored (including 1 smoke test)}
EOF
if [ -n "$health_errors" ]; then echo "  warning: $health_errors non-2xx replies to /healthz"; fi

if [ "$non202" != 0 ]; then
    echo "FAIL: $non202 submissions were not answered 202 (status counts above; server log in $work)" >&2
    KEEP_DATA=1
    exit 1
fi
if [ -n "$stored" ] && [ "$stored" -lt $((responses + 1)) ]; then
    echo "FAIL: $((responses + 1)) submissions acknowledged but only $stored stored" >&2
    KEEP_DATA=1
    exit 1
fi
