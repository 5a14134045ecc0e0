import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A raw HTTP/1.1 client on 127.0.0.1 reading `GET /v1/inbox/stream` as it arrives.
///
/// It picks the `id:` lines out of the raw bytes: each event is written as one chunk, so chunk
/// framing never splits a line.
private final class EventStreamConnection: Sendable {
    private let connection: RawConnection

    /// Opens the API's stream with an API key.
    convenience init(port: Int, secret: String, lastEventID: String? = nil) throws {
        try self.init(
            port: port, path: "/v1/inbox/stream", credential: "Authorization: Bearer \(secret)",
            lastEventID: lastEventID)
    }

    /// Opens the stream at `path`, sending the `credential` header line (a key, or the portal's session cookie).
    init(port: Int, path: String, credential: String, lastEventID: String? = nil) throws {
        connection = try RawConnection(port: port)
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(credential)\r\nAccept: text/event-stream\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        head += "\r\n"
        try connection.send(head)
    }

    /// Whether the server ended the response (the last chunk of a chunked body).
    var ended: Bool { text.hasSuffix("\r\n0\r\n\r\n") }

    /// Everything received so far, as text.
    var text: String { connection.text }

    /// The event ids received so far, in order.
    var eventIDs: [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            line.hasPrefix("id: ") ? String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces) : nil
        }
    }

    /// Reads until `done` holds for what was received, or `seconds` pass.
    func read(for seconds: Double, until done: @escaping @Sendable (EventStreamConnection) -> Bool) async {
        _ = await connection.read(timeout: .milliseconds(Int64(seconds * 1000))) { done(self) }
    }
}

@Suite(.timeLimit(.minutes(3))) struct InboxStreamTests {
    @Test func liveResultsArriveAndAReconnectWithLastEventIDGetsExactlyTheMissedOnes() async throws {
        let gateway = try await TestGateway()
        let secret = try #require(gateway.keys["community"])
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            func publish(_ title: String, to audience: JSONValue) async throws -> String {
                let (status, reply) = try await postResult(
                    client, gateway, idempotencyKey: UUID().uuidString, resultBody(title: title, audience: audience))
                #expect(status == .created)
                return try #require(reply["id"]?.stringValue)
            }
            let street: JSONValue = ["unit": "210102001", "scope": "subtree"]
            let mine: JSONValue = ["units": ["210102001001"]]
            let sibling: JSONValue = ["units": ["210102001002"]]
            _ = try await publish("连接前", to: mine)

            let first = try EventStreamConnection(port: port, secret: secret)
            await first.read(for: 5) { $0.text.contains(": inbox of 210102001001") }
            #expect(first.text.hasPrefix("HTTP/1.1 200"))
            #expect(first.text.lowercased().contains("content-type: text/event-stream"))
            let a = try await publish("街道全体", to: street)
            _ = try await publish("中华路", to: sibling)
            let c = try await publish("北京街", to: mine)
            await first.read(for: 5) { $0.eventIDs.count >= 2 }
            #expect(first.eventIDs == [a, c], "only results published while connected, for this unit, in order")
            #expect(first.text.contains("event: result"))

            let missedD = try await publish("断线期间一", to: mine)
            _ = try await publish("断线期间他人", to: sibling)
            let missedE = try await publish("断线期间二", to: street)
            let second = try EventStreamConnection(port: port, secret: secret, lastEventID: c)
            await second.read(for: 5) { $0.eventIDs.count >= 2 }
            #expect(second.eventIDs == [missedD, missedE], "exactly the missed ones")
            let g = try await publish("重连之后", to: street)
            await second.read(for: 5) { $0.eventIDs.count >= 3 }
            await second.read(for: 0.5) { _ in false }
            #expect(second.eventIDs == [missedD, missedE, g])
        }
    }

    /// A revoked key's stream ends at its next wake-up (a published result here), sending nothing more.
    @Test(.timeLimit(.minutes(2))) func aStreamEndsOnceItsKeyIsRevoked() async throws {
        let gateway = try await TestGateway()
        let secret = try #require(gateway.keys["community"])
        try await gateway.application.test(.live) { client in
            let stream = try EventStreamConnection(port: try #require(client.port), secret: secret)
            await stream.read(for: 10) { $0.text.contains(": inbox of 210102001001") }
            let credential = try #require(try await gateway.store.activeCredential(keyHash: APIKey.hash(of: secret)))
            #expect(try await gateway.store.revokeCredential(id: credential.id, by: "test"))
            let (status, _) = try await postResult(
                client, gateway, idempotencyKey: "after-revocation", resultBody(audience: ["units": ["210102001001"]]))
            #expect(status == .created)
            await stream.read(for: 10) { $0.ended }
            #expect(stream.ended, "the stream ended: \(stream.text)")
            #expect(stream.eventIDs.isEmpty, "the result published after the revocation was not sent")
        }
    }

    /// The portal's stream ends with its session: at the next wake-up after signing out, and within the
    /// credential cache's window (2 s on the gateway's clock) when the stream is quiet and its user is disabled.
    @Test(.timeLimit(.minutes(2))) func aPortalStreamEndsWithItsSession() async throws {
        let clock = TestClock()
        let gateway = try await TestGateway(clock: clock)
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let session = try #require(browser.cookies["gw_session"])
            let stream = try EventStreamConnection(
                port: port, path: "/portal/inbox/stream", credential: "Cookie: gw_session=\(session)")
            await stream.read(for: 10) { $0.text.contains(": inbox of 210102001001") }
            try await browser.get("/portal/tasks")  // for the session's form token
            try await browser.post("/portal/sign-out", [])
            let (status, _) = try await postResult(
                client, gateway, idempotencyKey: "after-sign-out", resultBody(audience: ["units": ["210102001001"]]))
            #expect(status == .created)
            await stream.read(for: 10) { $0.ended }
            #expect(stream.ended, "the stream ended: \(stream.text)")
            #expect(stream.eventIDs.isEmpty)
            // Only the task reminders sleep on the clock once the first stream's keep-alive and check have ended.
            await clock.waitForSleepers(1)

            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let again = try #require(browser.cookies["gw_session"])
            let quiet = try EventStreamConnection(
                port: port, path: "/portal/inbox/stream", credential: "Cookie: gw_session=\(again)")
            await quiet.read(for: 10) { $0.text.contains(": inbox of 210102001001") }
            #expect(try await gateway.store.setPortalUser(username: "liximei", disabled: true, by: "test"))
            // Nothing wakes this stream: its own check, every 2 s, must end it.
            await clock.waitForSleepers(3)  // the reminders, the quiet stream's keep-alive and its check
            clock.advance(by: .seconds(2))
            await quiet.read(for: 10) { $0.ended }
            #expect(quiet.ended, "the quiet stream ended: \(quiet.text)")
        }
    }

    @Test func onlyStaffMayStream() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/v1/inbox/stream", method: .get, headers: gateway.headers("upstream")) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
