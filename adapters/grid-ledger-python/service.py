"""街道网格事件台账 — a remote adapter written in Python (standard library only).

The legacy system here is a street office's incident ledger kept in a SQLite database with its own
codes (category 05 = fire hazard, severity 3 = high). This service is its adapter for Gridway:

- deliver: a grid-incident@1 report becomes a ledger row (a correction updates the row it corrects);
  the ledger number (TZ000001…) is the receipt;
- fetch: ledger rows of the asked unit's subtree come back as grid-incident@1 records, for
  Gridway's unified query.

Run it with the secret of the manifest's remote.secret in the environment:

    GRID_LEDGER_SECRET='whsec_…' python3 service.py --port 9108 --database ledger.sqlite3
"""

import argparse
import os
import sqlite3
import sys
import threading

from gridway_remote import RemoteAdapter, RemoteError, delivered, records, rejected, serve

# The ledger's codes for the contract's values.
CATEGORY = {"public-security": "01", "environment": "02", "facilities": "03", "dispute": "04",
            "fire-hazard": "05", "illegal-construction": "06", "traffic": "07", "other": "99"}
SEVERITY = {"low": "1", "medium": "2", "high": "3", "urgent": "4"}
CONTRACT = "grid-incident@1"


class GridLedger(RemoteAdapter):
    """The adapter of the incident ledger in the SQLite file `database`."""

    def __init__(self, database):
        self.lock = threading.Lock()
        self.db = sqlite3.connect(database, check_same_thread=False)
        self.db.execute("""CREATE TABLE IF NOT EXISTS ledger (
            number TEXT PRIMARY KEY, submission TEXT UNIQUE NOT NULL, unit TEXT NOT NULL, category TEXT NOT NULL,
            occurred TEXT NOT NULL, place TEXT, summary TEXT, severity TEXT NOT NULL, people INTEGER NOT NULL)""")
        self.db.commit()

    def deliver(self, call):
        submission, data = call.input["submission"], call.input["data"]
        if submission["contract"] != CONTRACT:
            raise RemoteError.configuration("this ledger takes %s, not %s" % (CONTRACT, submission["contract"]))
        area = call.config.get("areaCode")
        if not area:
            raise RemoteError.configuration("config.areaCode is missing")
        if not submission["unit"].startswith(area):
            return rejected("单位 %s 不在本台账的辖区 %s 内" % (submission["unit"], area))
        row = (submission["unit"], code(CATEGORY, data, "category"), data["occurredAt"],
               (data.get("location") or {}).get("text"), data.get("description"), code(SEVERITY, data, "severity"),
               int(data["peopleInvolved"]))
        with self.lock, self.db:
            # Gridway sends each delivery at least once: the submission id makes a repeat harmless.
            known = self.db.execute("SELECT number FROM ledger WHERE submission = ?", (submission["id"],)).fetchone()
            if known:
                return delivered(known[0])
            original = (call.input.get("correction") or {}).get("originalReceipt")
            if original:
                updated = self.db.execute(
                    "UPDATE ledger SET submission = ?, unit = ?, category = ?, occurred = ?, place = ?, summary = ?,"
                    " severity = ?, people = ? WHERE number = ?", (submission["id"],) + row + (original,))
                if updated.rowcount == 0:
                    return rejected("台账里没有要更正的记录 %s" % original)
                return delivered(original)
            count = self.db.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
            number = "TZ%06d" % (count + 1)
            self.db.execute("INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (number, submission["id"]) + row)
            return delivered(number)

    def fetch(self, call):
        query = call.input["query"]
        if query["contract"] != CONTRACT:
            return records([])
        with self.lock:
            rows = self.db.execute(
                "SELECT category, occurred, place, summary, severity, people FROM ledger"
                " WHERE unit LIKE ? || '%' ORDER BY number", (query["unit"],)).fetchall()
        categories = {value: name for name, value in CATEGORY.items()}
        severities = {value: name for name, value in SEVERITY.items()}
        found = []
        for category, occurred, place, summary, severity, people in rows:
            record = {"category": categories[category], "occurredAt": occurred, "severity": severities[severity],
                      "peopleInvolved": people}
            if place:
                record["location"] = {"text": place}
            if summary:
                record["description"] = summary
            # Gridway filters by contract field too; filtering here only sends less.
            if all(str(record.get(name)) == str(value) for name, value in query.items()
                   if name not in ("contract", "unit")):
                found.append(record)
        return records(found)


def code(table, data, field):
    """The ledger's code of the contract value `data[field]`; a value it has no code for is a mapping error."""
    try:
        return table[data[field]]
    except KeyError:
        raise RemoteError.mapping("/input/data/" + field, "the ledger has no code for %r" % data.get(field)) from None


def main():
    parser = argparse.ArgumentParser(description="街道网格事件台账: a Gridway remote adapter (gridway-remote/1).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9108, help="0 picks a free port")
    parser.add_argument("--database", default="ledger.sqlite3", help="the ledger's SQLite file")
    arguments = parser.parse_args()
    secret = os.environ.get("GRID_LEDGER_SECRET")
    if not secret:
        sys.exit("GRID_LEDGER_SECRET is not set: give the whsec_… secret of the manifest's remote.secret")

    def ready(server):
        host, port = server.server_address[:2]
        print("listening on http://%s:%d" % (host, port), flush=True)

    serve(GridLedger(arguments.database), secret, arguments.host, arguments.port, ready=ready,
          log=lambda line: print(line, file=sys.stderr, flush=True))


if __name__ == "__main__":
    main()
