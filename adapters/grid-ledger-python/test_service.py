"""Tests of the service over HTTP, signed as Gridway signs: `python3 -m unittest` in this folder."""

import base64
import json
import os
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from gridway_remote import PROTOCOL, WebhookVerifier, make_handler
from service import GridLedger

SECRET = "whsec_" + base64.b64encode(b"grid-ledger test secret").decode()
INCIDENT = {"category": "fire-hazard", "occurredAt": "2026-11-28T09:30:00+08:00",
            "location": {"text": "太原南街 45 号楼北侧楼道"}, "description": "楼道堆放纸箱，堵塞疏散通道。",
            "severity": "high", "peopleInvolved": 0}


class ServiceTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        adapter = GridLedger(os.path.join(self.directory.name, "ledger.sqlite3"))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(adapter, WebhookVerifier(SECRET)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        self.directory.cleanup()

    def call(self, capability, payload, secret=SECRET):
        body = json.dumps({"protocol": PROTOCOL, "adapter": "grid-ledger-python", "capability": capability,
                           "config": {"areaCode": "210102"}, "input": payload}).encode()
        timestamp = int(time.time())
        headers = {"Content-Type": "application/json", "webhook-id": "msg_%d" % time.monotonic_ns(),
                   "webhook-timestamp": str(timestamp)}
        headers["webhook-signature"] = WebhookVerifier(secret).sign(headers["webhook-id"], timestamp, body)
        request = urllib.request.Request(self.url + "/" + capability, body, headers)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def deliver(self, submission_id, unit="210102001001", correction=None, data=INCIDENT):
        payload = {"submission": {"id": submission_id, "contract": "grid-incident@1", "unit": unit,
                                  "period": "2026-11-28", "isCorrection": correction is not None}, "data": data}
        if correction:
            payload["correction"] = {"originalSubmissionID": "s1", "originalReceipt": correction}
        return self.call("deliver", payload)

    def test_a_report_is_recorded_once_and_read_back(self):
        self.assertEqual(self.deliver("s1"), (200, {"protocol": PROTOCOL, "outcome": {"type": "delivered", "receipt": "TZ000001"}}))
        self.assertEqual(self.deliver("s1")[1]["outcome"]["receipt"], "TZ000001", "a repeat is harmless")
        status, answer = self.call("fetch", {"query": {"contract": "grid-incident@1", "unit": "210102001"}})
        self.assertEqual((status, answer["records"]), (200, [INCIDENT]))
        status, answer = self.call("fetch", {"query": {"contract": "grid-incident@1", "unit": "210102002"}})
        self.assertEqual(answer["records"], [], "another street's ledger rows stay out")

    def test_a_correction_updates_the_row_it_corrects(self):
        self.deliver("s1")
        corrected = dict(INCIDENT, severity="urgent", peopleInvolved=2)
        self.assertEqual(self.deliver("s2", correction="TZ000001", data=corrected)[1]["outcome"]["receipt"], "TZ000001")
        answer = self.call("fetch", {"query": {"contract": "grid-incident@1", "unit": "210102001001"}})[1]
        self.assertEqual(answer["records"], [corrected])

    def test_refusals(self):
        status, answer = self.call("deliver", {}, secret="whsec_" + base64.b64encode(b"wrong").decode())
        self.assertEqual((status, answer["error"]["type"]), (401, "refused"))
        self.assertEqual(self.deliver("s3", unit="210103001001")[1]["outcome"]["type"], "rejected")
        status, answer = self.deliver("s4", data=dict(INCIDENT, category="littering"))
        self.assertEqual((status, answer["error"]["location"]), (422, "/input/data/category"))
        status, answer = self.call("notify", {"result": {}})
        self.assertEqual((status, answer["error"]["type"]), (422, "configuration"))


if __name__ == "__main__":
    unittest.main()
