#!/usr/bin/env bash
# The inbox's first page in SQLite, as it was read before and as it is read now, on the same data.
#
# A scratch database holds the tables the inbox reads (result, result_address, result_ack,
# submission: the columns the statement touches, with the store's keys and indexes) and RESULTS
# results, each addressed with subtree scope to one of a community (210102001001) and its three
# ancestors. Then, ROUNDS times each, the first page (20 + 1 rows) of the community's inbox:
#   before  r.id IN (SELECT resultID FROM result_address WHERE unit = ? OR (scope = 'subtree'
#           AND unit IN (…))), sorted, LIMIT — the statement until commit f7dcf67
#   after   one key range per address, each cut at the page size, merged (the shape InboxSQL writes)
# and prints the median time of each and the query plans.
#
# Usage: Benchmarks/inbox-query.sh       RESULTS (200000), ROUNDS (7)   (needs sqlite3 and python3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
trap bench_cleanup EXIT
require_tools sqlite3 python3
results="${RESULTS:-200000}"
rounds="${ROUNDS:-7}"
database="$work/inbox.db"

log "writing $results results addressed to 210102001001 and its ancestors"
sqlite3 "$database" <<SQL
CREATE TABLE result (id TEXT PRIMARY KEY, kind TEXT NOT NULL, expiresAt INTEGER, taskContract TEXT,
                     taskPeriod TEXT, title TEXT NOT NULL);
CREATE TABLE result_address (resultID TEXT NOT NULL REFERENCES result, unit TEXT NOT NULL, scope TEXT NOT NULL,
                             PRIMARY KEY (unit, resultID));
CREATE TABLE result_ack (resultID TEXT NOT NULL REFERENCES result, unit TEXT NOT NULL, acknowledgedAt INTEGER NOT NULL,
                         PRIMARY KEY (resultID, unit));
CREATE TABLE submission (id TEXT PRIMARY KEY, contract TEXT, period TEXT, unit TEXT, receivedAt INTEGER);
CREATE INDEX submission_contract_period ON submission (contract, period, unit);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $results)
INSERT INTO result SELECT printf('res_%08d', i), CASE WHEN i % 3 = 0 THEN 'task' ELSE 'notice' END, NULL, NULL, NULL,
                          hex(randomblob(50)) FROM n;
INSERT INTO result_address
SELECT id, CASE abs(random()) % 4 WHEN 0 THEN '21' WHEN 1 THEN '210102' WHEN 2 THEN '210102001' ELSE '210102001001' END,
       'subtree' FROM result;
ANALYZE;
SQL

columns="r.*, k.acknowledgedAt AS ackat,
  (SELECT min(s.receivedAt) FROM submission s WHERE r.taskContract IS NOT NULL AND s.contract = r.taskContract
     AND s.period = r.taskPeriod AND s.unit = '210102001001') AS tasksubmittedat"
before="SELECT $columns FROM result r
LEFT JOIN result_ack k ON k.resultID = r.id AND k.unit = '210102001001'
WHERE r.id IN (SELECT resultID FROM result_address
               WHERE unit = '210102001001' OR (scope = 'subtree' AND unit IN ('210102001', '210102', '21')))
  AND (r.expiresAt IS NULL OR r.expiresAt > 0)
ORDER BY r.id DESC LIMIT 21"
range() {
    printf "SELECT id FROM (SELECT a.resultID AS id FROM result_address a JOIN result r ON r.id = a.resultID
  LEFT JOIN result_ack k ON k.resultID = a.resultID AND k.unit = '210102001001'
  WHERE a.unit = '%s'%s AND (r.expiresAt IS NULL OR r.expiresAt > 0) ORDER BY a.resultID DESC LIMIT 21) AS address%s" \
        "$1" "$2" "$3"
}
after="WITH page (id) AS ($(range 210102001001 "" 0)
  UNION $(range 210102001 " AND a.scope = 'subtree'" 1)
  UNION $(range 210102 " AND a.scope = 'subtree'" 2)
  UNION $(range 21 " AND a.scope = 'subtree'" 3) ORDER BY 1 DESC LIMIT 21)
SELECT $columns FROM page JOIN result r ON r.id = page.id
LEFT JOIN result_ack k ON k.resultID = r.id AND k.unit = '210102001001' ORDER BY r.id DESC"

# median_ms STATEMENT — the median time of ROUNDS rounds of 20 runs each, in ms per run (Python's sqlite3
# module on the same file: sqlite3's own timer has a resolution of 1 ms).
median_ms() {
    [ "$(sqlite3 "$database" "SELECT count(*) FROM ($1)")" = 21 ] || fail "a page must have 21 rows"
    python3 - "$database" "$1" "$rounds" <<'PY'
import sqlite3, statistics, sys, time
database, statement, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
connection = sqlite3.connect(database)
times = []
for _ in range(rounds):
    started = time.perf_counter()
    for _ in range(20):
        connection.execute(statement).fetchall()
    times.append((time.perf_counter() - started) / 20 * 1000)
print(f"{statistics.median(times):.3f}")
PY
}
[ "$(sqlite3 "$database" "$before" | md5sum)" = "$(sqlite3 "$database" "$after" | md5sum)" ] \
    || fail "the two statements must give the same page"

echo
echo "Inbox first page in SQLite ($results results for the community and its ancestors; median of $rounds rounds of 20)"
printf '  %-8s %10s\n' "" "ms"
printf '  %-8s %10s\n' before "$(median_ms "$before")"
printf '  %-8s %10s\n' after "$(median_ms "$after")"
echo
echo "before:"
sqlite3 "$database" "EXPLAIN QUERY PLAN $before" | sed 's/^/  /'
echo "after:"
sqlite3 "$database" "EXPLAIN QUERY PLAN $after" | sed 's/^/  /'
