import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to a loopback port, for tests of what a well-behaved HTTP client never
/// does (half-sent heads, oversized headers, too many connections) or of raw streams. Blocking calls
/// run off the cooperative pool.
final class RawConnection: Sendable {
    private let descriptor: Int32
    private let received = Mutex<[UInt8]>([])

    /// Connects to `127.0.0.1:port` from `source`, another loopback address such as `127.0.0.2` to stand for
    /// another client, or from `127.0.0.1` when `nil`.
    init(port: Int, from source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError(operation: "socket", code: errno) }
        if let source {
            try Self.call("bind", descriptor, source, port: 0, bind)
        }
        try Self.call("connect", descriptor, "127.0.0.1", port: port, connect)
    }

    /// Calls `operation` (`bind` or `connect`) on `descriptor` with the IPv4 `address` and `port`; throws if it
    /// fails (the socket is closed by `deinit`, which runs when an initializer throws once every property is set).
    private static func call(
        _ name: String, _ descriptor: Int32, _ address: String, port: Int,
        _ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) throws {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        socketAddress.sin_addr.s_addr = inet_addr(address)
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                operation(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw RawConnectionError(operation: name, code: errno) }
    }

    deinit { close(descriptor) }

    /// Opens `count` connections to `127.0.0.1:port`, the `n`th from `source(n)`, off the cooperative pool.
    static func open(_ count: Int, port: Int, from source: @escaping @Sendable (Int) -> String) async throws
        -> [RawConnection]
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try (0..<count).map { try RawConnection(port: port, from: source($0)) } })
            }
        }
    }

    /// Sends `text` as UTF-8.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw RawConnectionError(operation: "send", code: errno) }
            sent += count
        }
    }

    /// Everything received so far, as text.
    var text: String { received.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Everything the server sends until it closes the connection or `timeout` passes; `closed` says which.
    func readUntilClosed(timeout: Duration) async -> (text: String, closed: Bool) {
        await read(timeout: timeout) { false }
    }

    /// Reads until `done` holds, the server closes the connection, or `timeout` passes; returns
    /// everything received so far and whether the connection closed.
    func read(timeout: Duration, until done: @escaping @Sendable () -> Bool) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                let closed = blockingRead(timeout: timeout, until: done)
                continuation.resume(returning: (text, closed))
            }
        }
    }

    private func blockingRead(timeout: Duration, until done: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(), ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
            received.withLock { $0 += buffer[0..<count] }
        }
        return false
    }
}

/// A socket call that failed, with its `errno`.
struct RawConnectionError: Error {
    var operation: String
    var code: Int32
}
