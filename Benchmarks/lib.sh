# Shared by the benchmark scripts in this folder; `source "$here/lib.sh"` after `set -euo pipefail`.
#
# Gives: $repo, $work (a scratch folder, removed on success unless KEEP_DATA=1), log, require_tools,
# build_release (sets $bin_dir), start_gridway (sets $base, $admin_key and $server_pid; with
# $server_name, its output goes to $work/<name>.stdout instead of gridway.stdout), create_key, background
# (starts a process that is stopped on exit), run_wrk, wrk_field, to_ms, free_port, ratio.
#
# Everything started with `background` or `start_gridway` is stopped with SIGTERM (SIGKILL after
# 10 s) when the script exits, however it exits; wrk runs are interrupted by Ctrl-C at once.

repo="$(cd "$here/.." && pwd)"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/gridway-bench.XXXXXX")"
background_pids=()
wrk_pids=()

log() { printf '==> %s\n' "$*" >&2; }
fail() {
    echo "error: $*" >&2
    exit 1
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is required (Debian: apt-get install -y $tool)"
    done
}

stop_pid() {
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "warning: process $pid did not stop within 10 s of SIGTERM; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
    local status=$? pid
    for pid in "${wrk_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${background_pids[@]}"; do stop_pid "$pid"; done
    if [ "${KEEP_DATA:-0}" = 1 ] || [ "$status" -ne 0 ]; then
        echo "data and logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server and the CLI read the same settings: fixed here so a GRIDWAY_* variable or
# GRIDWAY_CONFIG in the caller's environment cannot change what is measured.
unset GRIDWAY_CONFIG GRIDWAY_DATA_DIRECTORY GRIDWAY_PORT GRIDWAY_BODY_LIMIT GRIDWAY_ADAPTERS_DIRECTORY
export GRIDWAY_HOST=127.0.0.1
export GRIDWAY_CONTRACTS_DIRECTORY="$repo/contracts"
export GRIDWAY_UNITS_FILE="$repo/contracts/units.json"
export GRIDWAY_LOG_LEVEL=warning

# build_release PRODUCT… — release build (or $GRIDWAY_BIN_DIR holding the executables); sets $bin_dir.
build_release() {
    local product
    if [ -n "${GRIDWAY_BIN_DIR:-}" ]; then
        bin_dir="$GRIDWAY_BIN_DIR"
    else
        require_tools swift
        for product in "$@"; do
            log "building: swift build -c release --product $product"
            (cd "$repo" && swift build -c release --product "$product") >&2
        done
        bin_dir="$(cd "$repo" && swift build -c release --show-bin-path)"
    fi
    for product in "$@"; do
        [ -x "$bin_dir/$product" ] || fail "no executable $bin_dir/$product"
    done
}

# background NAME COMMAND… — runs COMMAND with stdout in $work/NAME.stdout (line-buffered) and
# stderr in $work/NAME.stderr; sets $background_pid. It is stopped when the script exits.
background() {
    local name="$1"
    shift
    local line_buffered=()
    if command -v stdbuf >/dev/null 2>&1; then line_buffered=(stdbuf -oL); fi
    "${line_buffered[@]}" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" &
    background_pid=$!
    background_pids+=("$background_pid")
}

# wait_for_line NAME PID SED_EXPRESSION — waits up to 60 s for the sed expression (with -n, `p`)
# to print something from $work/NAME.stdout; prints it.
wait_for_line() {
    local name="$1" pid="$2" expression="$3" found=""
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || {
            cat "$work/$name.stdout" "$work/$name.stderr" >&2
            fail "$name exited during start-up (output above)"
        }
        found="$(sed -n "$expression" "$work/$name.stdout" | head -n 1)"
        [ -n "$found" ] && break
        sleep 0.1
    done
    [ -n "$found" ] || fail "$name printed nothing expected within 60 s (output in $work/$name.stdout)"
    printf '%s\n' "$found"
}

# start_gridway DATA_DIR [ENV=VALUE…] — starts `gridway serve` on a free port with the
# environment additions given (no adapters unless they set GRIDWAY_ADAPTERS_DIRECTORY); sets
# $base and $admin_key (printed by the first start).
start_gridway() {
    local data="$1" name="${server_name:-gridway}"
    shift
    mkdir -p "$work/no-adapters"
    # One key drives the whole load: the per-credential rate limit would measure only itself.
    background "$name" env GRIDWAY_ADAPTERS_DIRECTORY="$work/no-adapters" GRIDWAY_CREDENTIAL_RATE=off "$@" \
        "$bin_dir/gridway" serve --data-directory "$data" --port 0
    local pid="$background_pid" port
    server_pid="$pid"
    port="$(wait_for_line "$name" "$pid" 's|^Gridway listening on http://[^ ]*:\([0-9][0-9]*\).*$|\1|p')"
    base="http://127.0.0.1:$port"
    admin_key="$(grep -oE 'gw_[A-Za-z0-9_-]{43}' "$work/$name.stdout" | head -n 1 || true)"
    [ -n "$admin_key" ] || fail "no admin key on the server's stdout"
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$base/healthz did not answer within 10 s"
}

# create_key DATA_DIR ARGS… — `gridway keys create ARGS…`; prints the key.
create_key() {
    local data="$1" output key
    shift
    output="$("$bin_dir/gridway" keys create --data-directory "$data" "$@")"
    key="$(printf '%s\n' "$output" | grep -oE 'gw_[A-Za-z0-9_-]{43}' | head -n 1 || true)"
    [ -n "$key" ] || fail "gridway keys create printed no key: $output"
    printf '%s\n' "$key"
}

# run_wrk OUTPUT WRK_ARGS… — runs wrk in the background and waits, so Ctrl-C interrupts at once.
run_wrk() {
    local output="$1" status=0
    shift
    wrk "$@" >"$output" 2>&1 &
    wrk_pids=("$!")
    wait "${wrk_pids[0]}" || status=$?
    wrk_pids=()
    cat "$output" >&2
    [ "$status" -eq 0 ] || fail "wrk failed with status $status"
}

# wrk_field FILE KEY — the value after KEY in wrk's output (e.g. `Requests/sec:`, `99%`).
wrk_field() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# to_ms VALUE — a latency as wrk prints it (512.00us, 1.20ms, 1.05s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n
    }'
}

# ratio A B — A ÷ B with two decimals (0 when B is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# free_port — a loopback port nothing listens on now.
free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    fail "found no free port"
}
