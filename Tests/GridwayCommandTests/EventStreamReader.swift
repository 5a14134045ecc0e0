import Foundation
import GridwayCore
import GridwayJSON
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A Server-Sent Events stream from a server process, kept open and read as its bytes arrive.
final class EventStreamReader: NSObject, URLSessionDataDelegate, Sendable {
    /// One `event:` block: its `id:`, `event:` name and parsed `data:`.
    struct Event: Sendable {
        var id: String
        var name: String
        var data: JSONValue
    }

    private let received = Mutex<[UInt8]>([])
    private let session = Mutex<URLSession?>(nil)

    /// Opens `GET url` as `key` with `Accept: text/event-stream`.
    init(url: URL, key: String) {
        super.init()
        var request = URLRequest(url: url)
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        self.session.withLock { $0 = session }
        session.dataTask(with: request).resume()
    }

    /// Everything received so far, as text.
    var text: String { received.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The complete events received so far, in order (comments skipped; unparsable data is `null`).
    var events: [Event] {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").dropLast()
        return blocks.compactMap { block in
            var fields: [String: String] = [:]
            for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                let parts = line.split(separator: ":", maxSplits: 1)
                fields[String(parts[0])] = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
            }
            guard let id = fields["id"] else { return nil }
            let data = fields["data"].flatMap { try? JSONValue(parsing: Array($0.utf8)) } ?? .null
            return Event(id: id, name: fields["event"] ?? "message", data: data)
        }
    }

    /// Waits until `done` holds for what was received, or `deadline` passes; whether it held.
    func wait(until deadline: Date, for done: (EventStreamReader) -> Bool) async throws -> Bool {
        while !done(self) {
            guard Date() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Closes the stream.
    func close() {
        session.withLock { $0?.invalidateAndCancel() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        received.withLock { $0.append(contentsOf: data) }
    }
}
