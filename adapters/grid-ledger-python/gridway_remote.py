"""Gridway remote adapters in Python: the `gridway-remote/1` protocol, standard library only.

Copy this file next to your service. Subclass `RemoteAdapter`, define a method per capability you
serve (`deliver`, `fetch`, `ingest`, `notify`), each taking a `Call` and returning an answer made by
`delivered`, `retry`, `rejected` or `records`, or raising `RemoteError`; then `serve(adapter, secret)`.

    class MyAdapter(RemoteAdapter):
        def deliver(self, call):
            receipt = send_upstream(call.config, call.input["data"])
            return delivered(receipt)

    serve(MyAdapter(), os.environ["MY_ADAPTER_SECRET"], port=9201)

Every request is checked against its Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
`webhook-signature`, HMAC-SHA256 by the `whsec_…` secret of the manifest's `remote.secret`) before
your method runs; a bad one is answered 401 with a `refused` error. The specification is
docs/remote-adapters.md.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROTOCOL = "gridway-remote/1"
CAPABILITIES = ("deliver", "fetch", "ingest", "notify")
#: How far `webhook-timestamp` may be from this machine's clock, in seconds (replays older are refused).
TOLERANCE_SECONDS = 300
#: The largest request body read, in bytes.
MAX_BODY_BYTES = 10 * 1024 * 1024


class RemoteError(Exception):
    """An error answered in protocol form: `refused` (not authentic), `mapping` (a value cannot be
    turned into the other side's form) or `configuration` (the service is set up wrong)."""

    STATUS = {"refused": 401, "mapping": 422, "configuration": 422}

    def __init__(self, kind, reason, location=None):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.location = location

    @classmethod
    def refused(cls, reason):
        return cls("refused", reason)

    @classmethod
    def mapping(cls, location, reason):
        return cls("mapping", reason, location)

    @classmethod
    def configuration(cls, reason):
        return cls("configuration", reason)

    def answer(self):
        error = {"type": self.kind, "reason": self.reason}
        if self.location is not None:
            error["location"] = self.location
        return {"error": error}


def delivered(receipt=None):
    """`deliver`/`notify`: the upstream took it; `receipt` is its reference number, or None."""
    return {"outcome": {"type": "delivered", "receipt": receipt}}


def retry(reason, after_seconds=None):
    """`deliver`/`notify`: a transient failure; Gridway tries again, not before `after_seconds`."""
    return {"outcome": {"type": "retry", "reason": reason, "afterSeconds": after_seconds}}


def rejected(reason):
    """`deliver`/`notify`: a permanent refusal; the delivery goes dead with `reason`."""
    return {"outcome": {"type": "rejected", "reason": reason}}


def records(items):
    """`fetch`: records in the contract's field names; `ingest`: submissions
    (`{"sourceID", "contract", "unit", "period", "data"}`)."""
    return {"records": list(items)}


class Call:
    """One request from Gridway: `capability`, `adapter` (its id), `config` (the manifest's
    `remote.config`, settings filled in) and `input` (the capability's document)."""

    def __init__(self, body):
        self.capability = body.get("capability")
        self.adapter = body.get("adapter")
        self.config = body.get("config") or {}
        self.input = body.get("input") or {}

    def webhook(self):
        """For `ingest`: the legacy app's webhook as `(headers, body bytes)`, headers a dict by lower-case name."""
        webhook = self.input.get("webhook") or {}
        headers = {header["name"].lower(): header["value"] for header in webhook.get("headers", [])}
        return headers, base64.b64decode(webhook.get("body", ""))


class WebhookVerifier:
    """Checks (and, for tests, makes) Standard Webhooks `v1` signatures with a `whsec_<base64>` secret."""

    def __init__(self, secret):
        encoded = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
        try:
            self.key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValueError("the secret must be whsec_ followed by base64") from error
        if not self.key:
            raise ValueError("the secret is empty")

    def sign(self, message_id, timestamp, body):
        """The `webhook-signature` value of `body` sent as `message_id` at `timestamp` (Unix seconds)."""
        signed = b"%s.%d.%s" % (message_id.encode(), timestamp, body)
        digest = hmac.new(self.key, signed, hashlib.sha256).digest()
        return "v1," + base64.b64encode(digest).decode()

    def verify(self, headers, body, now=None):
        """Raises `RemoteError.refused` unless `headers` (a dict by lower-case name) carry a signature
        of the raw `body` by this secret, made within `TOLERANCE_SECONDS` of `now`."""
        message_id = headers.get("webhook-id")
        timestamp = headers.get("webhook-timestamp")
        signatures = headers.get("webhook-signature")
        for name, value in (("webhook-id", message_id), ("webhook-timestamp", timestamp),
                            ("webhook-signature", signatures)):
            if not value:
                raise RemoteError.refused("the %s header is missing" % name)
        try:
            seconds = int(timestamp)
        except ValueError:
            raise RemoteError.refused("webhook-timestamp %r is not Unix seconds" % timestamp) from None
        if abs((time.time() if now is None else now) - seconds) > TOLERANCE_SECONDS:
            raise RemoteError.refused("webhook-timestamp is more than %d s away from now" % TOLERANCE_SECONDS)
        expected = self.sign(message_id, seconds, body)
        if not any(hmac.compare_digest(expected, candidate) for candidate in signatures.split()):
            raise RemoteError.refused("the webhook-signature does not match the body")


class RemoteAdapter:
    """Base class of a service: define the capability methods you serve; the others answer
    a `configuration` error."""

    def handle(self, call):
        method = getattr(self, call.capability, None) if call.capability in CAPABILITIES else None
        if method is None:
            raise RemoteError.configuration("this service does not serve %s" % call.capability)
        return method(call)


def make_handler(adapter, verifier, log=None):
    """The `BaseHTTPRequestHandler` class answering Gridway's calls to `adapter`."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "gridway-remote-python/1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                return self.answer(413, RemoteError.configuration("the request is larger than %d bytes" % MAX_BODY_BYTES).answer())
            body = self.rfile.read(length)
            capability = self.path.strip("/")
            try:
                verifier.verify({name.lower(): value for name, value in self.headers.items()}, body)
                try:
                    request = json.loads(body)
                except ValueError:
                    raise RemoteError.configuration("the request is not JSON") from None
                if not isinstance(request, dict) or request.get("protocol") != PROTOCOL:
                    raise RemoteError.configuration("expected a %s request" % PROTOCOL)
                if request.get("capability") != capability:
                    raise RemoteError.configuration("POST /%s carries capability %r" % (capability, request.get("capability")))
                self.answer(200, adapter.handle(Call(request)))
            except RemoteError as error:
                self.answer(RemoteError.STATUS.get(error.kind, 422), error.answer())
            except Exception as error:  # a bug in the service: 500 without an error, which Gridway retries
                if log:
                    log("%s failed: %r" % (self.path, error))
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def answer(self, status, members):
            body = json.dumps(dict({"protocol": PROTOCOL}, **members), ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            if log:
                log(format % args)

    return Handler


def serve(adapter, secret, host="127.0.0.1", port=9201, ready=None, log=None):
    """Serves `adapter` until interrupted. `ready(server)` is called once it listens (port 0 picks a
    free port: read it from `server.server_address[1]`)."""
    server = ThreadingHTTPServer((host, port), make_handler(adapter, WebhookVerifier(secret), log))
    if ready:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
