#!/usr/bin/env bash
# What burden accounting costs the submission path: two `gridway serve` in one run, the same binary,
# configuration and load, one with `burdenAccounting: on` (the default) and one with it off.
#
#   1. builds a release `gridway` (or uses $GRIDWAY_BIN_DIR), starts both servers on fresh data
#      directories and free loopback ports, with a staff key for 和平区 (210102) on each;
#   2. submits one report to 北京街社区 (210102001001) on each and asks each for a prefill of that
#      report's elder: its answer offers her 4 facts (name, ID number, phone, address) and carries the
#      server's signed prefill token;
#   3. POST /v1/submissions with wrk (submit.lua) against each server in turn, $ROUNDS rounds, the
#      order alternating: valid elderly-visit@1 reports for 210102001001, each sending the token back
#      in Prefill-Token, so the accounting server verifies the token and compares every field's
#      digest on every request (the server with accounting off ignores it);
#   4. reads each server's CPU time (utime + stime in /proc/<pid>/stat) around each run;
#   5. prints requests/s, p50/p99 and CPU time per submission for both, the ratios, and checks that
#      the accounting server's burden figures count exactly the submissions it accepted, every one
#      with the 4 offered fields kept and the visit's 7 typed.
#
# Usage: Benchmarks/burden.sh
# Environment (all optional): GRIDWAY_BIN_DIR, THREADS (2), CONNECTIONS (64), DURATION (10s),
# ROUNDS (3), KEEP_DATA=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
unit=210102001001
report="$here/elderly-visit-report.json"

require_tools wrk curl jq
build_release gridway

declare -A bases=() keys=() pids=() tokens=()
for mode in on off; do
    server_name="gridway-$mode" start_gridway "$work/data-$mode" GRIDWAY_BURDEN_ACCOUNTING="$mode"
    bases[$mode]="$base"
    pids[$mode]="$server_pid"
    keys[$mode]="$(create_key "$work/data-$mode" --role staff --unit 210102 --name "benchmark 和平区")"
    log "accounting $mode: $base (pid $server_pid)"
    body="{\"contract\":\"elderly-visit@1\",\"unit\":\"$unit\",\"period\":\"2026-11\",\"data\":$(cat "$report")}"
    status="$(curl -sS -o "$work/smoke.json" -w '%{http_code}' "$base/v1/submissions" \
        -H "Authorization: Bearer ${keys[$mode]}" -H "Content-Type: application/json" \
        -H "Idempotency-Key: bench-smoke-$$" --data-binary "$body")"
    [ "$status" = 202 ] || { cat "$work/smoke.json" >&2; fail "a valid submission answered $status"; }
    curl -sS -o "$work/prefill-$mode.json" -H "Authorization: Bearer ${keys[$mode]}" \
        "$base/v1/prefill?contract=elderly-visit@1&unit=$unit&subject=$(jq -r .elderIdNumber "$report")"
    [ "$(jq '.fields | length' "$work/prefill-$mode.json")" = 4 ] || fail "the prefill did not offer the elder's 4 facts"
    tokens[$mode]="$(jq -r .token "$work/prefill-$mode.json")"
done
printf '%s\n' "$unit" >"$work/unit.txt"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

declare -A rate_sum=() responses_sum=() ticks_sum=() p50s=() p99s=()
round_ratios=()
for round in $(seq 1 "$rounds"); do
    order=(off on)
    [ $((round % 2)) = 1 ] || order=(on off)
    declare -A round_rate=()
    for mode in "${order[@]}"; do
        output="$work/submit-$round-$mode.txt"
        log "round $round: wrk -t$threads -c$connections -d$duration POST /v1/submissions, accounting $mode"
        before="$(cpu_ticks "${pids[$mode]}")"
        GRIDWAY_KEY="${keys[$mode]}" GRIDWAY_REPORT="$report" GRIDWAY_RUN="$(date +%s)-$$-$round" \
            GRIDWAY_UNIT_LIST="$work/unit.txt" GRIDWAY_PREFILL_TOKEN="${tokens[$mode]}" \
            run_wrk "$output" -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/submit.lua" \
            "${bases[$mode]}/v1/submissions"
        sleep 1 # requests still in flight when wrk stopped finish on the server's clock
        after="$(cpu_ticks "${pids[$mode]}")"
        counts="$(sed -n 's/^submit.lua: responses=\([0-9]*\) non202=\([0-9]*\)$/\1 \2/p' "$output")"
        [ -n "$counts" ] || fail "could not read wrk's output ($output)"
        [ "${counts#* }" = 0 ] || fail "${counts#* } of ${counts% *} submissions were not answered 202 ($output)"
        rps="$(wrk_field "$output" 'Requests/sec:')"
        round_rate[$mode]="$rps"
        rate_sum[$mode]="$(awk -v a="${rate_sum[$mode]:-0}" -v b="$rps" 'BEGIN { print a + b }')"
        responses_sum[$mode]=$((${responses_sum[$mode]:-0} + ${counts% *}))
        ticks_sum[$mode]=$((${ticks_sum[$mode]:-0} + after - before))
        p50s[$mode]+="$(to_ms "$(wrk_field "$output" '50%')") "
        p99s[$mode]+="$(to_ms "$(wrk_field "$output" '99%')") "
    done
    round_ratios+=("$(ratio "${round_rate[on]}" "${round_rate[off]}")")
    unset round_rate
done
mean() { awk -v s="$1" -v n="$rounds" 'BEGIN { printf "%.0f", s / n }'; }
cpu_us() { awk -v t="$1" -v n="$2" -v hz="$ticks_per_second" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
on_rate="$(mean "${rate_sum[on]}")"
off_rate="$(mean "${rate_sum[off]}")"
throughput_ratio="$(ratio "$on_rate" "$off_rate")"
cost="$(awk -v r="$throughput_ratio" 'BEGIN { printf "%.1f", (1 - r) * 100 }')"
on_cpu="$(cpu_us "${ticks_sum[on]}" "${responses_sum[on]}")"
off_cpu="$(cpu_us "${ticks_sum[off]}" "${responses_sum[off]}")"
cpu_ratio="$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN { printf "%.3f", a / b }')"

# Every accepted submission is counted, each with 4 fields kept and 7 typed (the smoke submission typed all 11).
figures="$(curl -sS "${bases[on]}/v1/burden?unit=210102&contract=elderly-visit@1&period=2026-11" \
    -H "Authorization: Bearer ${keys[on]}")"
submissions="$(jq .totals.submissions <<<"$figures")"
kept="$(jq .totals.fieldsKept <<<"$figures")"
typed="$(jq .totals.fieldsTyped <<<"$figures")"
[ "$submissions" -ge $((responses_sum[on] + 1)) ] || fail "the burden figures count $submissions submissions, ${responses_sum[on]} + 1 were accepted"
[ "$kept" = $(((submissions - 1) * 4)) ] && [ "$typed" = $((11 + (submissions - 1) * 7)) ] ||
    fail "expected $(((submissions - 1) * 4)) fields kept and $((11 + (submissions - 1) * 7)) typed, the figures say $kept and $typed"

cat <<EOF

Gridway burden accounting ($(uname -m), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); loopback)

  POST /v1/submissions with Prefill-Token, $rounds rounds alternating (wrk -t$threads -c$connections -d$duration each)
  accounting   requests/s (mean)   CPU µs/submission   p50 ms (per round)      p99 ms (per round)
  $(printf '%-12s %12s %19s   %-22s  %s' off "$off_rate" "$off_cpu" "${p50s[off]}" "${p99s[off]}")
  $(printf '%-12s %12s %19s   %-22s  %s' on "$on_rate" "$on_cpu" "${p50s[on]}" "${p99s[on]}")

  throughput on/off: $throughput_ratio (per round: ${round_ratios[*]}) → accounting costs $cost % of submission throughput   (target: under 5 %)
  CPU time per submission on/off: $cpu_ratio
  checked: every answer 202 (${responses_sum[off]} + ${responses_sum[on]}); the burden figures count $submissions submissions, $kept fields kept, $typed typed
EOF
