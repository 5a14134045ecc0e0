import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on 127.0.0.1 that forwards every connection to another local port until ``close()``,
/// which drops every connection and stops listening: to whoever connects through it, the server behind
/// it has gone away (refused and closed connections), while the server itself runs on for others.
final class LoopbackProxy: Sendable {
    /// The port the proxy listens on.
    let port: UInt16
    private let listener: Int32
    /// The sockets of every forwarded connection, both ends; `nil` once closed.
    private let sockets = Mutex<Set<Int32>?>([])

    /// Listens on a free port of 127.0.0.1, forwarding to `targetPort` there.
    init(forwardingTo targetPort: UInt16) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        guard listener >= 0, bound == 0, named == 0, listen(listener, 64) == 0 else {
            throw GatewayProcessError(reason: "the proxy cannot listen: errno \(errno)")
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in acceptConnections(forwardingTo: targetPort) }.start()
    }

    /// Stops listening (new connections are refused) and cuts every forwarded connection.
    func close() {
        sockets.withLock { sockets in
            for socket in sockets ?? [] { shutdown(socket, Int32(SHUT_RDWR)) }
            sockets = nil
        }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Accepts until the listener closes; each connection is forwarded by two threads, one a direction.
    private func acceptConnections(forwardingTo targetPort: UInt16) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let registered = sockets.withLock { sockets in
                guard connected == 0, sockets != nil else { return false }
                sockets?.formUnion([client, server])
                return true
            }
            guard registered else {
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            let directions = Mutex(2)
            for (source, destination) in [(client, server), (server, client)] {
                Thread { [self] in
                    pump(from: source, to: destination)
                    if directions.withLock({ running in
                        running -= 1
                        return running == 0
                    }) {
                        release(client, server)
                    }
                }.start()
            }
        }
    }

    /// Copies bytes from `source` to `destination` until either side ends, then ends both.
    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { break copying }
                sent += written
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }

    /// Closes a connection's two sockets once both directions have ended, forgetting them under the
    /// lock ``close()`` takes, so it never shuts down a descriptor number reused meanwhile.
    private func release(_ first: Int32, _ second: Int32) {
        sockets.withLock { sockets in
            sockets?.subtract([first, second])
            Glibc.close(first)
            Glibc.close(second)
        }
    }
}
