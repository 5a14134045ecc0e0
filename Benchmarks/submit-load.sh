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
#   GRIDWAY_BIN   use this gridway binary instead of building one
#   THREADS       wrk threads                 (default 2)
#   CONNECTIONS   wrk connections             (default 64)
#   DURATION      wrk duration per run        (default 10s)
#   KEEP_DATA=1   keep the temporary data directory and server logs for inspection
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
for tool in wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "error: $tool is required (Debian: apt-get install -y $tool)" >&2
        exit 1
    }
done

log() { printf '==> %s\n' "$*" >&2; }

# ---------------------------------------------------------------- build
if [ -n "${GRIDWAY_BIN:-}" ]; then
    bin="$GRIDWAY_BIN"
else
    log "building: swift build -c release --product gridway"
    (cd "$repo" && swift build -c release --product gridway) >&2
    bin="$(cd "$repo" && swift build -c release --show-bin-path)/gridway"
fi
[ -x "$bin" ] || { echo "error: no executable at $bin" >&2; exit 1; }

# ---------------------------------------------------------------- scratch space and cleanup
work="$(mktemp -d "${TMPDIR:-/tmp}/gridway-bench.XXXXXX")"
data="$work/data"
server_pid=""
wrk_pid=""

cleanup() {
    local status=$?
    if [ -n "$wrk_pid" ]; then kill -TERM "$wrk_pid" 2>/dev/null || true; fi
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$server_pid" 2>/dev/null; then
            echo "warning: server did not stop within 10 s of SIGTERM; killing it" >&2
            kill -KILL "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_DATA:-0}" = 1 ] || [ "$status" -ne 0 ]; then
        echo "data directory and server logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server and the CLI read the same settings: fixed here so a GRIDWAY_* variable or
# GRIDWAY_CONFIG in the caller's environment cannot change what is measured.
unset GRIDWAY_CONFIG GRIDWAY_DATA_DIRECTORY GRIDWAY_PORT GRIDWAY_BODY_LIMIT
export GRIDWAY_HOST=127.0.0.1
export GRIDWAY_CONTRACTS_DIRECTORY="$repo/contracts"
export GRIDWAY_UNITS_FILE="$repo/contracts/units.json"
export GRIDWAY_LOG_LEVEL=warning

# ---------------------------------------------------------------- start the server
# Port 0: the kernel picks a free port, and the server prints the one it got
# ("Gridway listening on http://127.0.0.1:NNNNN").
log "starting $bin serve (data in $data)"
# stdout is a file: ask for line buffering too, in case a line is printed without a flush.
line_buffered=()
if command -v stdbuf >/dev/null 2>&1; then line_buffered=(stdbuf -oL); fi
"${line_buffered[@]}" "$bin" serve --data-directory "$data" --port 0 \
    >"$work/server.stdout" 2>"$work/server.stderr" &
server_pid=$!

port=""
for _ in $(seq 1 600); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "error: the server exited during start-up; its output:" >&2
        cat "$work/server.stdout" "$work/server.stderr" >&2
        exit 1
    fi
    port="$(sed -n 's|^Gridway listening on http://[^ ]*:\([0-9][0-9]*\).*$|\1|p' "$work/server.stdout" | head -n 1)"
    if [ -n "$port" ] && [ "$port" != 0 ]; then break; fi
    port=""
    sleep 0.1
done
[ -n "$port" ] || { echo "error: the server did not report its port within 60 s:" >&2; cat "$work/server.stdout" "$work/server.stderr" >&2; exit 1; }
base="http://127.0.0.1:$port"

ready=0
for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then ready=1; break; fi
    sleep 0.1
done
[ "$ready" = 1 ] || { echo "error: $base/healthz did not answer within 10 s" >&2; cat "$work/server.stderr" >&2; exit 1; }
log "server listening on $base"

# The first start on an empty store prints an admin key once on stdout.
admin_key=""
for _ in $(seq 1 50); do
    admin_key="$(grep -oE 'gw_[A-Za-z0-9_-]{43}' "$work/server.stdout" | head -n 1 || true)"
    [ -n "$admin_key" ] && break
    sleep 0.1
done
if [ -z "$admin_key" ]; then
    echo "error: no admin key on the server's stdout (is stdout flushed after printing it?):" >&2
    cat "$work/server.stdout" >&2
    exit 1
fi
log "captured the first admin key"

# ---------------------------------------------------------------- a staff key for the district
key_output="$("$bin" keys create --role staff --unit 210102 --name "benchmark 和平区" --data-directory "$data")"
staff_key="$(printf '%s\n' "$key_output" | grep -oE 'gw_[A-Za-z0-9_-]{43}' | head -n 1 || true)"
[ -n "$staff_key" ] || { echo "error: gridway keys create printed no key:" >&2; echo "$key_output" >&2; exit 1; }
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
# Latency as printed by wrk (e.g. 512.00us, 1.20ms, 1.05s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n
    }'
}
field() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# wrk runs in the background and the script waits for it, so Ctrl-C interrupts the wait at once
# and the EXIT trap stops wrk and the server.
run_wrk() {
    local output="$1"
    shift
    wrk "$@" >"$output" 2>&1 &
    wrk_pid=$!
    local status=0
    wait "$wrk_pid" || status=$?
    wrk_pid=""
    cat "$output" >&2
    [ "$status" -eq 0 ] || { echo "error: wrk failed with status $status" >&2; exit 1; }
}

log "wrk -t$threads -c$connections -d$duration --latency $base/healthz"
run_wrk "$work/healthz.txt" -t"$threads" -c"$connections" -d"$duration" --latency "$base/healthz"

log "wrk -t$threads -c$connections -d$duration --latency -s submit.lua $base/v1/submissions"
export GRIDWAY_KEY="$staff_key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$(date +%s)-$$"
run_wrk "$work/submit.txt" -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/submit.lua" \
    "$base/v1/submissions"

health_rps="$(field "$work/healthz.txt" 'Requests/sec:')"
health_p50="$(to_ms "$(field "$work/healthz.txt" '50%')")"
health_p99="$(to_ms "$(field "$work/healthz.txt" '99%')")"
health_errors="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$work/healthz.txt")"
submit_rps="$(field "$work/submit.txt" 'Requests/sec:')"
submit_p50="$(to_ms "$(field "$work/submit.txt" '50%')")"
submit_p99="$(to_ms "$(field "$work/submit.txt" '99%')")"
responses="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\1/p' "$work/submit.txt")"
non202="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\2/p' "$work/submit.txt")"
[ -n "$health_rps" ] && [ -n "$submit_rps" ] && [ -n "$responses" ] && [ -n "$non202" ] || {
    echo "error: could not read wrk's output (kept in $work)" >&2
    KEEP_DATA=1
    exit 1
}
ratio="$(awk -v s="$submit_rps" -v h="$health_rps" 'BEGIN { printf "%.2f", (h > 0 ? s / h : 0) }')"

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
