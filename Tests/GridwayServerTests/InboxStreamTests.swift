import Foundation
import GridwayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw HTTP/1.1 client on 127.0.0.1 reading `GET /v1/inbox/stream` as it arrives.
///
/// It reads blocking on a dispatch queue and picks the `id:` lines out of the raw bytes: each event is
/// written as one chunk, so chunk framing never splits a line.
private final class EventStreamConnection: Sendable {
    private let socket: Int32
    private let received = Mutex<[UInt8]>([])

    init(port: Int, secret: String, lastEventID: String? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
        var head =
            "GET /v1/inbox/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(secret)\r\nAccept: text/event-stream\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
    }

    deinit { close(socket) }

    /// Everything received so far, as text.
    var text: String { received.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The event ids received so far, in order.
    var eventIDs: [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            line.hasPrefix("id: ") ? String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces) : nil
        }
    }

    /// Reads until `done` holds for what was received, or `seconds` pass.
    func read(for seconds: Double, until done: @escaping @Sendable (EventStreamConnection) -> Bool) async {
        let deadline = Date(timeIntervalSinceNow: seconds)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !done(self) && Date() < deadline {
                    let count = recv(self.socket, &buffer, buffer.count, 0)
                    if count > 0 { self.received.withLock { $0 += buffer[..<count] } }
                    if count == 0 { break }
                }
                continuation.resume()
            }
        }
    }
}

@Suite struct InboxStreamTests {
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

    @Test func onlyStaffMayStream() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/v1/inbox/stream", method: .get, headers: gateway.headers("upstream")) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
