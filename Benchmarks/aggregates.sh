#!/usr/bin/env bash
# Aggregates: reading the rollups of any unit, and what keeping them costs the submission path, in one run.
#
#   1. generates an org-unit tree (辽宁省 › 沈阳市 › districts › streets › communities › $GRIDS grids) and
#      two contracts: elderly-visit@1 as shipped (4 measures, 2 dimensions) and elderly-visit-flat@1,
#      the same schema without measures;
#   2. starts `gridway serve` on them and loads $SUBMISSIONS accepted submissions (random grids, a few
#      periods, a share of corrections) into its database in process, through SQLiteStore.submit with
#      the aggregate plan, many in flight so the store batches them as it does under HTTP load; checks
#      the root's figures over HTTP against what was loaded;
#   3. GET /v1/aggregates with wrk (request.lua) for random units of every level and random periods:
#      totals, by=child and by=visitType, p50/p99 (every answer checked);
#   4. POST /v1/submissions with wrk (submit.lua, random grids) alternating the contract without and
#      with measures, $ROUNDS rounds each, and prints the ratio: what the rollups cost;
#   5. checks that the stored rollups match the accepted submissions, prints a table and stops everything.
#
# Usage: Benchmarks/aggregates.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the gridway and GridwayBenchmarks executables in this folder instead of building
#   GRIDS             grids in the generated tree         (default 100000)
#   SUBMISSIONS       submissions loaded                  (default 1000000)
#   PERIODS           periods loaded, comma-separated     (default 2026-09,2026-10,2026-11)
#   CORRECTIONS       share of loaded submissions that correct an earlier one (default 0.05)
#   READ_THREADS, READ_CONNECTIONS, READ_DURATION   wrk for the reads  (default 2, 8, 5s)
#   THREADS, CONNECTIONS, DURATION                  wrk for the submissions (default 2, 64, 10s)
#   ROUNDS            rounds of (without, with) submission runs (default 3)
#   KEEP_DATA=1       keep the scratch folder (tree, database, logs, wrk output)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

grids="${GRIDS:-100000}"
submissions="${SUBMISSIONS:-1000000}"
periods="${PERIODS:-2026-09,2026-10,2026-11}"
corrections="${CORRECTIONS:-0.05}"
read_threads="${READ_THREADS:-2}"
read_connections="${READ_CONNECTIONS:-8}"
read_duration="${READ_DURATION:-5s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
measured="elderly-visit@1"
flat="elderly-visit-flat@1"
last_period="${periods##*,}"

require_tools wrk curl
build_release gridway GridwayBenchmarks

# ---------------------------------------------------------------- 1. the tree and the contracts
tree="$work/tree"
log "generating a tree of $grids grids and the two contracts in $tree"
"$bin_dir/GridwayBenchmarks" aggregates generate --repository "$repo" --grids "$grids" --output "$tree" >"$work/generate.txt"
export GRIDWAY_CONTRACTS_DIRECTORY="$tree/contracts" GRIDWAY_UNITS_FILE="$tree/units.json"

# ---------------------------------------------------------------- 2. the server, a key, the load
data="$work/data"
log "starting $bin_dir/gridway serve (data in $data)"
start_gridway "$data"
staff_key="$(create_key "$data" --role staff --unit 21 --name "benchmark 辽宁省")"
log "server listening on $base; staff key for the root (21) created"

log "loading $submissions submissions in process (SQLiteStore.submit with the aggregate plan)"
"$bin_dir/GridwayBenchmarks" aggregates load --tree "$tree" --database "$data/gridway.sqlite" \
    --submissions "$submissions" --periods "$periods" --corrections "$corrections" | tee "$work/load.txt" >&2
load_line="$(sed -n 's/^loaded //p' "$work/load.txt")"
[ -n "$load_line" ] || fail "the loader printed no summary (output in $work/load.txt)"

# aggregate UNIT PERIOD [BY] — GET /v1/aggregates as the staff key; fails unless 200.
aggregate() {
    local status
    status="$(curl -sS -o "$work/aggregate.json" -w '%{http_code}' -H "Authorization: Bearer $staff_key" \
        "$base/v1/aggregates?contract=$measured&unit=$1&period=$2${3:+&by=$3}")"
    [ "$status" = 200 ] || { cat "$work/aggregate.json" >&2; fail "GET /v1/aggregates for $1 $2 answered $status"; }
    cat "$work/aggregate.json"
}
# The root's figures must be exactly what the loader accepted (corrections subtracted).
while read -r _ period visits minutes; do
    answer="$(aggregate 21 "$period")"
    got="$(printf '%s' "$answer" | jq -r '"visits=\(.totals.measures.visits) totalMinutes=\(.totals.measures.totalMinutes)"')"
    [ "$got" = "$visits $minutes" ] || fail "the root's $period aggregate is $got, the loader accepted $visits $minutes"
done < <(grep '^expect ' "$work/load.txt")
log "the root's figures per period match what was loaded"

# ---------------------------------------------------------------- 3. reads at every level
levels=(province city district street community grid)
read_rows=()
worst_p99=0
for level in "${levels[@]}"; do
    units_file="$tree/units-$level.txt"
    row="$(printf '%-10s %7s' "$level" "$(wc -l <"$units_file")")"
    for by in "" child visitType; do
        if [ "$level" = grid ] && [ "$by" = child ]; then
            row+="$(printf '  %7s %7s' - -)"
            continue
        fi
        output="$work/read-$level-${by:-total}.txt"
        # Every unit of the level with every period; request.lua takes one at random per request.
        awk -v periods="$periods" -v query="/v1/aggregates?contract=$measured" -v by="${by:+&by=$by}" \
            'BEGIN { n = split(periods, p, ",") } { for (i = 1; i <= n; i++) print query "&unit=" $1 "&period=" p[i] by }' \
            "$units_file" >"$work/paths.txt"
        log "wrk -t$read_threads -c$read_connections -d$read_duration GET /v1/aggregates: $level units${by:+, by=$by}"
        expect='"totals"'
        [ -z "$by" ] || expect='"breakdown"'
        GRIDWAY_KEY="$staff_key" PATHS_FILE="$work/paths.txt" EXPECT="$expect" \
            run_wrk "$output" -t"$read_threads" -c"$read_connections" -d"$read_duration" --latency \
            -s "$here/request.lua" "$base"
        counts="$(sed -n 's/^request.lua: responses=\([0-9]*\) bad=\([0-9]*\)$/\1 \2/p' "$output")"
        [ -n "$counts" ] || fail "could not read wrk's output ($output)"
        [ "${counts#* }" = 0 ] || fail "${counts#* } of ${counts% *} aggregate reads were wrong ($output)"
        p50="$(to_ms "$(wrk_field "$output" '50%')")"
        p99="$(to_ms "$(wrk_field "$output" '99%')")"
        worst_p99="$(awk -v a="$worst_p99" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')"
        row+="$(printf '  %7s %7s' "$p50" "$p99")"
        [ -n "$by" ] || rps="$(wrk_field "$output" 'Requests/sec:')"
    done
    read_rows+=("$row$(printf '  %10s' "$rps")")
done

# ---------------------------------------------------------------- 4. submissions without and with measures
report="$here/elderly-visit-report.json"
for contract in "$flat" "$measured"; do
    body="{\"contract\":\"$contract\",\"unit\":\"$(head -n 1 "$tree/units-grid.txt")\",\"period\":\"$last_period\",\"data\":$(cat "$report")}"
    status="$(curl -sS -o "$work/smoke.json" -w '%{http_code}' "$base/v1/submissions" \
        -H "Authorization: Bearer $staff_key" -H "Content-Type: application/json" \
        -H "Idempotency-Key: bench-smoke-$contract-$$" --data-binary "$body")"
    [ "$status" = 202 ] || { cat "$work/smoke.json" >&2; fail "a valid $contract submission answered $status"; }
done
log "smoke test passed: a valid submission of each contract got 202"

declare -A rate_sum=() responses_sum=() p50s=() p99s=()
round_ratios=()
for round in $(seq 1 "$rounds"); do
    order=("$flat" "$measured")
    [ $((round % 2)) = 1 ] || order=("$measured" "$flat")
    declare -A round_rate=()
    for contract in "${order[@]}"; do
        output="$work/submit-$round-$contract.txt"
        log "round $round: wrk -t$threads -c$connections -d$duration POST /v1/submissions $contract (random grids)"
        GRIDWAY_KEY="$staff_key" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$(date +%s)-$$-$round" \
            GRIDWAY_CONTRACT="$contract" GRIDWAY_PERIOD="$last_period" GRIDWAY_UNIT_LIST="$tree/units-grid.txt" \
            run_wrk "$output" -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/submit.lua" \
            "$base/v1/submissions"
        counts="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\1 \2/p' "$output")"
        [ -n "$counts" ] || fail "could not read wrk's output ($output)"
        [ "${counts#* }" = 0 ] || fail "${counts#* } of ${counts% *} $contract submissions were not answered 202 ($output)"
        rps="$(wrk_field "$output" 'Requests/sec:')"
        round_rate[$contract]="$rps"
        rate_sum[$contract]="$(awk -v a="${rate_sum[$contract]:-0}" -v b="$rps" 'BEGIN { print a + b }')"
        responses_sum[$contract]=$((${responses_sum[$contract]:-0} + ${counts% *}))
        p50s[$contract]+="$(to_ms "$(wrk_field "$output" '50%')") "
        p99s[$contract]+="$(to_ms "$(wrk_field "$output" '99%')") "
    done
    round_ratios+=("$(ratio "${round_rate[$measured]}" "${round_rate[$flat]}")")
    unset round_rate
done
mean() { awk -v s="$1" -v n="$rounds" 'BEGIN { printf "%.0f", s / n }'; }
with_rate="$(mean "${rate_sum[$measured]}")"
without_rate="$(mean "${rate_sum[$flat]}")"
with_ratio="$(ratio "$with_rate" "$without_rate")"
cost="$(awk -v r="$with_ratio" 'BEGIN { printf "%.0f", (1 - r) * 100 }')"

# ---------------------------------------------------------------- 5. the rollups against the store
consistency="not checked (no sqlite3)"
if command -v sqlite3 >/dev/null 2>&1; then
    sleep 1 # replies still in flight when wrk stopped are committed by now
    accepted="$(sqlite3 -readonly -cmd ".timeout 5000" "$data/gridway.sqlite" \
        "SELECT count(*) FROM submission WHERE contract = '$measured' AND period = '$last_period' AND status = 'accepted'")"
    visits="$(aggregate 21 "$last_period" | jq -r .totals.measures.visits)"
    [ "$visits" = "$accepted" ] || fail "the root's $last_period aggregate counts $visits visits, the store holds $accepted accepted submissions"
    consistency="the root's $last_period visits ($visits) = accepted submissions in the store"
fi

cat <<EOF

Gridway aggregates ($(uname -m), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); loopback)

  tree: $(awk '$1 != "units" { printf "%s%s %s", sep, $2, $1; sep = ", " }' "$work/generate.txt") ($(sed -n 's/^units //p' "$work/generate.txt") units)
  loaded in process: $load_line
  database: $(du -sh "$data" | cut -f1)

  GET /v1/aggregates, random unit of the level and period per request (wrk -t$read_threads -c$read_connections -d$read_duration each), ms
  level        units  total p50   p99    child p50   p99  visitType p50 p99   requests/s (total)
$(printf '  %s\n' "${read_rows[@]}")

  worst p99: $worst_p99 ms   (target: under 5 ms at any level)

$(sed -n '/^store lookups/,$p' "$work/load.txt" | sed 's/^/  /')

  POST /v1/submissions, random grids, $rounds rounds alternating (wrk -t$threads -c$connections -d$duration each), same server and database
  contract                                   requests/s (mean)   p50 ms (per round)      p99 ms (per round)
  $(printf '%-42s %10s          %-22s  %s' "$flat (no measures)" "$without_rate" "${p50s[$flat]}" "${p99s[$flat]}")
  $(printf '%-42s %10s          %-22s  %s' "$measured (4 measures, 2 dimensions)" "$with_rate" "${p50s[$measured]}" "${p99s[$measured]}")

  ratio with/without: $with_ratio (per round: ${round_ratios[*]}) → rollups cost $cost % of submission throughput   (target: under 20 %)
  every answer checked: reads 200 with totals (and breakdown), submissions 202 (${responses_sum[$flat]} + ${responses_sum[$measured]}); $consistency
EOF
