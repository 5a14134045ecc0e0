#!/usr/bin/env bash
# Scale-out: submissions and deliveries per second with 1, 2 and 3 `gridway serve` replicas on one
# local PostgreSQL, beside pgbench's single-row insert rate on the same server in the same run (the
# database's own ceiling for one durable row per transaction).
#
# For each replica count, two runs on fresh databases. With fan-out: the replicas share the database
# and three upstream stand-ins (JSON, SOAP, form, as in fanout.sh); wrk posts valid elderly-visit@1
# reports to every replica at once (its connections split between them) for DURATION; then the run
# waits until every delivery is done. Alone: the same without targets, so the replicas do nothing but
# accept submissions (the submission path's own scaling, without the dispatchers' share of the CPU).
#   submissions/s  accepted (202) per second during the wrk run, all replicas together
#   deliveries/s   delivered ÷ (last delivered − first created), all replicas together
# Every submission must be answered 202 and every delivery end delivered, or the run fails. During
# each wrk run the replicas' database sessions are sampled (pg_stat_activity, every 0.2 s); the report
# lists what they waited on most, and the CPU the replicas and PostgreSQL spent per accepted
# submission (from /proc), with the rate that cost would allow if every core did nothing else.
#
# Usage: POSTGRES_URL=postgres://user:password@127.0.0.1:5432/db Benchmarks/replicas.sh
# (the user needs CREATEDB; the databases made are dropped at the end unless KEEP_DATA=1).
# Environment (all optional):
#   POSTGRES_URL     the server, as a libpq URL (default: $GRIDWAY_TEST_POSTGRES_URL)
#   GRIDWAY_BIN_DIR  use the executables in this folder instead of building them
#   REPLICAS         replica counts to measure (default "1 2 3")
#   CONNECTIONS      wrk connections in all, split between the replicas; also pgbench's clients (default 48)
#   DURATION         each wrk run and the pgbench run (default 10s)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

server_url="${POSTGRES_URL:-${GRIDWAY_TEST_POSTGRES_URL:-}}"
[ -n "$server_url" ] || fail "set POSTGRES_URL to a PostgreSQL server URL (its user needs CREATEDB)"
replica_counts="${REPLICAS:-1 2 3}"
connections="${CONNECTIONS:-48}"
duration="${DURATION:-10s}"
seconds="${duration%s}"
targets=(civil-affairs-elderly health-commission-visits bench-form-elderly)

require_tools wrk curl psql pgbench
build_release gridway GridwayBenchmarks

# database_url NAME — the server URL with its database replaced by NAME.
database_url() { printf '%s\n' "$server_url" | sed -E "s|^(postgres(ql)?://[^/]*)/[^?]*|\1/$1|"; }
databases=()
create_database() {
    psql -q -v ON_ERROR_STOP=1 "$server_url" -c "CREATE DATABASE $1" >/dev/null
    databases+=("$1")
}
drop_databases() {
    local name
    [ "${KEEP_DATA:-0}" = 1 ] && return 0
    for name in "${databases[@]}"; do psql -q "$server_url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; done
}
# Drop the databases, then lib.sh's clean-up (which reads the script's exit status from $?).
trap 'status=$?; drop_databases; (exit "$status"); bench_cleanup' EXIT

# ---------------------------------------------------------------- the database's ceiling: pgbench
ceiling_db="gridway_bench_pgbench_$$"
create_database "$ceiling_db"
psql -q -v ON_ERROR_STOP=1 "$(database_url "$ceiling_db")" \
    -c "CREATE TABLE insert_ceiling (id bigserial PRIMARY KEY, at bigint NOT NULL, payload text NOT NULL)" >/dev/null
printf "INSERT INTO insert_ceiling (at, payload) VALUES (:client_id, 'one durable row per transaction');\n" \
    >"$work/insert.sql"
log "pgbench -n -c$connections -j2 -T$seconds -f insert.sql (one single-row INSERT per transaction)"
pgbench -n -c"$connections" -j2 -T"$seconds" -f "$work/insert.sql" "$(database_url "$ceiling_db")" >"$work/pgbench.txt" 2>&1 \
    || fail "pgbench failed: $(cat "$work/pgbench.txt")"
cat "$work/pgbench.txt" >&2
ceiling="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench.txt" | head -n 1)"
[ -n "$ceiling" ] || fail "could not read pgbench's tps"

# ---------------------------------------------------------------- three upstreams, three targets
background upstreams "$bin_dir/GridwayBenchmarks" upstreams --repository "$repo" --requests "$work/requests"
upstream_pid="$background_pid"
json_url="$(wait_for_line upstreams "$upstream_pid" 's|^json \(http://[^ ]*\)$|\1|p')"
xml_url="$(wait_for_line upstreams "$upstream_pid" 's|^xml \(http://[^ ]*\)$|\1|p')"
form_url="$(wait_for_line upstreams "$upstream_pid" 's|^form \(http://[^ ]*\)$|\1|p')"
mkdir -p "$work/adapters" "$work/no-adapters"
ln -s "$repo/adapters/civil-affairs-elderly" "$work/adapters/"
ln -s "$repo/adapters/health-commission-visits" "$work/adapters/"
ln -s "$here/adapters/bench-form-elderly" "$work/adapters/"
settings=(
    GRIDWAY_ADAPTERS_DIRECTORY="$work/adapters" GRIDWAY_CREDENTIAL_RATE=off
    CIVIL_AFFAIRS_URL="$json_url" CIVIL_AFFAIRS_TOKEN=bench-token
    HEALTH_COMMISSION_URL="$xml_url" HEALTH_COMMISSION_APP_ID=bench-app HEALTH_COMMISSION_APP_SECRET=bench-secret
    BENCH_FORM_URL="$form_url" GRIDWAY_STORE=postgres
)
for target in "${targets[@]}"; do
    settings+=("GRIDWAY_SIGNING_SECRETS_$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')")
done
report="$here/elderly-visit-report.json"

# sample_waits URL FILE — until stopped, appends what each busy session of the database is doing
# (its wait event, "running", or "idle in transaction": waiting for its replica's next statement).
sample_waits() {
    while :; do
        psql -At "$1" -c "
            SELECT CASE WHEN state LIKE 'idle in transaction%' THEN 'idle in transaction'
                        WHEN wait_event IS NULL THEN 'running'
                        ELSE wait_event_type || ':' || wait_event END
            FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' AND state <> 'idle'
              AND pid <> pg_backend_pid()" >>"$2" 2>/dev/null || true
        sleep 0.2
    done
}

# cpu_ticks PID… — CPU time (user + system, in clock ticks) the processes used so far; then the same
# for every postgres process, then the whole machine's busy and total ticks (/proc/stat).
cpu_ticks() {
    local pid sum=0 pg=0
    for pid in "$@"; do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
    for pid in $(pgrep -x postgres); do pg=$((pg + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
    printf '%s %s %s\n' "$sum" "$pg" "$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}

# cpu_report START END SUBMISSIONS — from two cpu_ticks samples: the replicas' and PostgreSQL's CPU
# milliseconds per accepted submission, the machine's busy share, and the submissions per second
# that CPU cost would allow with every core busy.
cpu_report() {
    local hz
    hz="$(getconf CLK_TCK)"
    awk -v s="$1" -v e="$2" -v n="$3" -v hz="$hz" -v cores="$(nproc)" 'BEGIN {
        split(s, a, " "); split(e, b, " ")
        replicas = (b[1] - a[1]) * 1000 / hz / n; database = (b[2] - a[2]) * 1000 / hz / n
        busy = (b[4] - a[4] > 0) ? 100 * (b[3] - a[3]) / (b[4] - a[4]) : 0
        printf "%.3f %.3f %.0f%% %.0f", replicas, database, busy, cores * 1000 / (replicas + database) }'
}

# top_waits FILE — the four most sampled states in FILE, with their share of the samples.
top_waits() {
    sort "$1" | uniq -c | sort -rn | head -n 4 |
        awk -v total="$(wc -l <"$1")" '{ n = $1; $1 = ""; printf "%s%s %.0f%%", sep, substr($0, 2), 100 * n / total; sep = ", " }'
}

# measure N MODE — N replicas on a fresh database, with the three targets (MODE fanout) or none
# (MODE alone); sets subs_MODE_N, deliveries_N (fanout only) and waits_MODE_N.
measure() {
    local count="$1" mode="$2" name="gridway_bench_${2}_${1}_$$" url pids=() ports=() i pid port key
    local adapters="$work/adapters"
    [ "$mode" = alone ] && adapters="$work/no-adapters"
    create_database "$name"
    url="$(database_url "$name")"
    for i in $(seq 1 "$count"); do
        background "gridway-$mode-$count-$i" env "${settings[@]}" GRIDWAY_ADAPTERS_DIRECTORY="$adapters" \
            GRIDWAY_POSTGRES_URL="$url" "$bin_dir/gridway" serve --data-directory "$work/unused" --port 0
        pid="$background_pid"
        port="$(wait_for_line "gridway-$mode-$count-$i" "$pid" 's|^Gridway listening on http://[^ ]*:\([0-9][0-9]*\).*$|\1|p')"
        pids+=("$pid")
        ports+=("$port")
    done
    key="$(env GRIDWAY_STORE=postgres GRIDWAY_POSTGRES_URL="$url" "$bin_dir/gridway" keys create \
        --role staff --unit 210102 --name "benchmark 和平区" | grep -oE 'gw_[A-Za-z0-9_-]{43}' | head -n 1)"
    [ -n "$key" ] || fail "no staff key"
    sql() { psql -At "$url" -c "$1"; }

    local per=$((connections / count > 0 ? connections / count : 1)) wrk_runs=() cpu_start
    cpu_start="$(cpu_ticks "${pids[@]}")"
    log "$count replica(s), $mode: ${count} × wrk -t1 -c$per -d$duration -s submit.lua, one per replica"
    for i in $(seq 0 $((count - 1))); do
        GRIDWAY_KEY="$key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="r$mode$count-$i-$$" \
            wrk -t1 -c"$per" -d"$duration" -s "$here/submit.lua" "http://127.0.0.1:${ports[$i]}/v1/submissions" \
            >"$work/wrk-$mode-$count-$i.txt" 2>&1 &
        wrk_runs+=("$!")
    done
    wrk_pids=("${wrk_runs[@]}")
    : >"$work/waits-$mode-$count.txt"
    sample_waits "$url" "$work/waits-$mode-$count.txt" &
    local sampler="$!"
    background_pids+=("$sampler")
    for pid in "${wrk_runs[@]}"; do wait "$pid" || fail "a wrk run failed (output in $work)"; done
    local cpu_end
    cpu_end="$(cpu_ticks "${pids[@]}")"
    wrk_pids=()
    stop_pid "$sampler"
    printf -v "waits_${mode}_$count" '%s' "$(top_waits "$work/waits-$mode-$count.txt")"
    local rps=0 non202
    for i in $(seq 0 $((count - 1))); do
        non202="$(sed -n 's/^submit.lua: responses=[0-9]* non202=\([0-9]*\)$/\1/p' "$work/wrk-$mode-$count-$i.txt")"
        [ "$non202" = 0 ] || fail "$count replicas: $non202 submissions were not answered 202 ($work/wrk-$mode-$count-$i.txt)"
        rps="$(awk -v a="$rps" -v b="$(wrk_field "$work/wrk-$mode-$count-$i.txt" 'Requests/sec:')" 'BEGIN { printf "%.1f", a + b }')"
    done
    printf -v "subs_${mode}_$count" '%s' "$rps"
    printf -v "cpu_${mode}_$count" '%s' "$(cpu_report "$cpu_start" "$cpu_end" "$(awk -v r="$rps" -v t="$seconds" 'BEGIN { print r * t }')")"
    if [ "$mode" = alone ]; then
        log "$count replica(s), alone: $rps submissions/s"
        for pid in "${pids[@]}"; do stop_pid "$pid"; done
        return 0
    fi
    for _ in $(seq 1 6000); do
        [ "$(sql "SELECT count(*) FROM delivery WHERE state IN ('pending', 'in-flight', 'retrying')")" = 0 ] && break
        sleep 0.1
    done
    local failed rate
    failed="$(sql "SELECT count(*) FROM delivery WHERE state <> 'delivered'")"
    [ "$failed" = 0 ] || fail "$count replicas: $failed deliveries did not end delivered"
    rate="$(sql "SELECT round(count(*) * 1000.0 / greatest(max(deliveredAt) - min(createdAt), 1), 1) FROM delivery")"
    printf -v "deliveries_$count" '%s' "$rate"
    log "$count replica(s): $rps submissions/s, $rate deliveries/s"
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
}

for count in $replica_counts; do
    measure "$count" fanout
    measure "$count" alone
done

# ---------------------------------------------------------------- report
echo
echo "Scale-out on one PostgreSQL ($(psql -At "$server_url" -c 'SHOW server_version'), synchronous_commit=$(psql -At "$server_url" -c 'SHOW synchronous_commit'))"
# (widths count bytes: each "÷" header is one byte wider than it looks)
printf '  %-28s %16s %16s %19s %18s %19s\n' "" "submissions/s" "deliveries/s" "÷ pgbench inserts" "alone: subm./s" "÷ pgbench inserts"
printf '  %-28s %16s %16s %18s\n' "pgbench single-row INSERT" "$ceiling" "" "1.00"
for count in $replica_counts; do
    subs_var="subs_fanout_$count" deliveries_var="deliveries_$count" alone_var="subs_alone_$count"
    printf '  %-28s %16s %16s %18s %18s %18s\n' "$count replica(s)" "${!subs_var}" "${!deliveries_var}" \
        "$(ratio "${!subs_var}" "$ceiling")" "${!alone_var}" "$(ratio "${!alone_var}" "$ceiling")"
done
echo "  (wrk: $connections connections split between the replicas, $duration; pgbench: $connections clients, ${seconds}s;"
echo "   alone: the same replicas without targets, so no deliveries)"
echo
echo "CPU during the wrk runs, per accepted submission ($(nproc) cores; with fan-out the replicas also deliver):"
printf '  %-22s %16s %16s %14s %26s\n' "" "replicas, ms" "PostgreSQL, ms" "machine busy" "all cores at this cost, /s"
for count in $replica_counts; do
    for mode in fanout alone; do
        cpu_var="cpu_${mode}_$count"
        read -r replicas_ms database_ms busy allowed <<<"${!cpu_var}"
        printf '  %-22s %16s %16s %14s %26s\n' "$count replica(s), $mode" "$replicas_ms" "$database_ms" "$busy" "$allowed"
    done
done
echo "  (the machine's busy share includes wrk, the upstreams and every other process)"
echo
echo "What the replicas' database sessions waited on during the wrk runs (share of samples of busy sessions):"
for count in $replica_counts; do
    for mode in fanout alone; do
        waits_var="waits_${mode}_$count"
        printf '  %-22s %s\n' "$count replica(s), $mode" "${!waits_var}"
    done
done
