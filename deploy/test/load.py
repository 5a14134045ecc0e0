#!/usr/bin/env python3
"""Submissions under load, and the checks of what became of them (deploy/test/run.sh).

  load.py submit --base URL --key KEY --report FILE --out RESULTS [--rate R] [--concurrency C]
                 [--count N] [--max-seconds S] [--stop-file F] [--prefix P]
      POSTs elderly-visit@1 reports, each with its own Idempotency-Key, at R per second from C
      connections (keep-alive), until N are sent, S seconds pass or F exists; one JSON line per request
      (start, end, status, id, error) in RESULTS. Like any HTTP client, a request whose reused keep-alive
      connection turns out closed before any answer (nginx closes idle ones on reload) is sent again once
      on a new connection, with the same Idempotency-Key, and marked `retried`; every other error counts.
  load.py summary --results RESULTS [--window START END]
      Requests sent, accepted (202), failed, p50 and p99 latency; with a window (Unix seconds), the same
      for the requests that started in it.
  load.py found --base URL --key KEY --results RESULTS
      GETs every acknowledged submission; fails unless each answers 200.
  load.py deliveries --base URL --key ADMIN_KEY --results RESULTS --sandbox-container NAME [--wait S]
      Waits until every acknowledged submission's deliveries are delivered, then checks that each went
      to each of its targets once: one delivery per target in the store, one request per target in the
      sandbox's log (`podman logs NAME`: its `→ … received … for submission ID` lines; read again for
      up to 10 s while it lacks some, since the sandbox prints what it received a moment later).
Only the standard library; every loop is bounded in count and time.
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse


def connection(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


def request(conn, method, path, key, body=None, headers=None):
    all_headers = {"Authorization": f"Bearer {key}"}
    all_headers.update(headers or {})
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    return response.status, response.read()


def submit(args):
    with open(args.report, encoding="utf-8") as f:
        data = json.load(f)
    body = json.dumps({"contract": "elderly-visit@1", "unit": "210102001001", "period": "2026-11", "data": data},
                      ensure_ascii=False).encode()
    started = time.time()
    deadline = started + args.max_seconds
    lock = threading.Lock()
    counter = iter(range(args.count))
    out = open(args.out, "w", encoding="utf-8")

    def next_index():
        with lock:
            return next(counter, None)

    def send(conn, key):
        return request(conn, "POST", "/v1/submissions", args.key, body,
                       {"Content-Type": "application/json", "Idempotency-Key": key})

    def worker():
        conn = connection(args.base)
        reused = False
        while True:
            index = next_index()
            if index is None:
                return
            due = started + index / args.rate
            while time.time() < due:
                if time.time() > deadline or (args.stop_file and os.path.exists(args.stop_file)):
                    return
                time.sleep(min(0.05, max(0.0, due - time.time())))
            if time.time() > deadline or (args.stop_file and os.path.exists(args.stop_file)):
                return
            key = f"{args.prefix}-{index:06d}"
            begin = time.time()
            record = {"index": index, "idempotencyKey": key, "start": begin}
            try:
                try:
                    status, payload = send(conn, key)
                except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                    if not reused:
                        raise
                    conn.close()
                    conn = connection(args.base)
                    record["retried"] = True
                    status, payload = send(conn, key)
                reused = True
                record["status"] = status
                if status == 202:
                    record["id"] = json.loads(payload)["id"]
                else:
                    record["error"] = payload.decode("utf-8", "replace")[:300]
            except Exception as error:  # a refused, reset or timed-out request is a failed request
                record["status"] = 0
                record["error"] = f"{type(error).__name__}: {error}"
                conn.close()
                conn = connection(args.base)
                reused = False
            record["end"] = time.time()
            with lock:
                out.write(json.dumps(record) + "\n")
                out.flush()

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.close()
    print_summary(read_results(args.out), None)


def read_results(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def figures(results):
    latencies = [(r["end"] - r["start"]) * 1000 for r in results]
    failed = [r for r in results if r["status"] != 202]
    return {"sent": len(results), "accepted": len(results) - len(failed), "failed": len(failed),
            "resent_on_closed_keepalive": sum(1 for r in results if r.get("retried")),
            "p50_ms": round(percentile(latencies, 0.50), 1), "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies, default=0.0), 1)}


def print_summary(results, window):
    whole = figures(results)
    print("all requests: " + " ".join(f"{k}={v}" for k, v in whole.items()))
    if window:
        inside = [r for r in results if window[0] <= r["start"] <= window[1]]
        print("during the restarts: " + " ".join(f"{k}={v}" for k, v in figures(inside).items()))
    for r in [r for r in results if r["status"] != 202][:10]:
        print(f"failed: {r['idempotencyKey']} status={r['status']} {r.get('error', '')}", file=sys.stderr)
    return whole


def summary(args):
    whole = print_summary(read_results(args.results), args.window)
    return 1 if whole["failed"] else 0


def acknowledged(results):
    return [r["id"] for r in results if r["status"] == 202]


def found(args):
    ids = acknowledged(read_results(args.results))
    conn = connection(args.base)
    missing = []
    for submission in ids:
        status, _ = request(conn, "GET", f"/v1/submissions/{submission}", args.key)
        if status != 200:
            missing.append((submission, status))
    print(f"acknowledged submissions found after the restart: {len(ids) - len(missing)} of {len(ids)}")
    for submission, status in missing[:10]:
        print(f"missing: {submission} answered {status}", file=sys.stderr)
    return 1 if missing or not ids else 0


def all_deliveries(conn, key):
    deliveries, cursor = [], None
    for _ in range(10_000):
        path = "/v1/deliveries?limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        status, payload = request(conn, "GET", path, key)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {payload[:300]!r}")
        page = json.loads(payload)
        deliveries += page["items"]
        cursor = page.get("nextCursor")
        if not cursor:
            return deliveries
    raise RuntimeError("more than 10,000 pages of deliveries")


SANDBOX_LINE = re.compile(r"→ (.+?) received \S+ \S+ for submission (\S+)")


def sandbox_requests(container, ids):
    """How often each system received each submission, by (system, submission id), from the sandbox's log."""
    log = subprocess.run(["podman", "logs", container], capture_output=True, text=True, check=True)
    received = {}
    for line in (log.stdout + log.stderr).splitlines():
        match = SANDBOX_LINE.search(line)
        if match and match.group(2) in ids:
            received[(match.group(1), match.group(2))] = received.get((match.group(1), match.group(2)), 0) + 1
    return received


def deliveries(args):
    ids = set(acknowledged(read_results(args.results)))
    conn = connection(args.base)
    deadline = time.time() + args.wait
    while True:
        by_submission = {}
        for delivery in all_deliveries(conn, args.key):
            if delivery.get("submission") in ids:
                by_submission.setdefault(delivery["submission"], []).append(delivery)
        outstanding = [d for ds in by_submission.values() for d in ds if d["state"] != "delivered"]
        settled = not any(d["state"] in ("pending", "in-flight", "retrying") for d in outstanding)
        if settled or time.time() > deadline:
            break
        time.sleep(2)

    problems = []
    without = ids - set(by_submission)
    problems += [f"{s}: no delivery" for s in sorted(without)]
    problems += [f"{d['submission']} → {d['target']}: {d['state']} ({d.get('lastError', '')})" for d in outstanding]
    store_count = 0
    for submission, ds in by_submission.items():
        targets = [d["target"] for d in ds]
        store_count += len(targets)
        problems += [f"{submission} → {t}: {targets.count(t)} deliveries" for t in set(targets) if targets.count(t) > 1]

    for _ in range(10):
        received = sandbox_requests(args.sandbox_container, ids)
        if sum(received.values()) >= store_count - len(outstanding):
            break
        time.sleep(1)
    per_submission = {}
    for (system, submission), count in received.items():
        per_submission[submission] = per_submission.get(submission, 0) + 1
        if count > 1:
            problems.append(f"{submission} reached {system} {count} times")
    for submission, ds in by_submission.items():
        if per_submission.get(submission, 0) != len(ds):
            problems.append(f"{submission}: {len(ds)} deliveries, {per_submission.get(submission, 0)} systems reached")

    duplicates = sum(count - 1 for count in received.values())
    print(f"deliveries: {len(ids)} acknowledged submissions, {store_count} deliveries, "
          f"{store_count - len(outstanding)} delivered, {len(outstanding)} not delivered; "
          f"sandbox requests {sum(received.values())}, duplicates {duplicates}")
    for problem in problems[:20]:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems or not ids else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("submit")
    p.add_argument("--base", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--rate", type=float, default=20.0)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--max-seconds", type=float, default=300.0)
    p.add_argument("--stop-file")
    p.add_argument("--prefix", default=f"deploy-test-{os.getpid()}-{int(time.time())}")
    p = commands.add_parser("summary")
    p.add_argument("--results", required=True)
    p.add_argument("--window", type=float, nargs=2)
    p = commands.add_parser("found")
    p.add_argument("--base", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--results", required=True)
    p = commands.add_parser("deliveries")
    p.add_argument("--base", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--sandbox-container", required=True)
    p.add_argument("--wait", type=float, default=180.0)
    args = parser.parse_args()
    return {"submit": submit, "summary": summary, "found": found, "deliveries": deliveries}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
