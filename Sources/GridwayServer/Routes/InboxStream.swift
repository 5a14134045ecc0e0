import Foundation
import GridwayCore
import GridwayStore
import Hummingbird
import NIOCore
import ServiceLifecycle

/// One open `GET /v1/inbox/stream`: sends the unit's results after a given id as Server-Sent Events,
/// then each new one when the ``ResultFeed`` wakes it, with a keep-alive comment when quiet.
struct InboxStream: Sendable {
    let store: any Store
    /// The unit's inbox query (kind and paging aside).
    let query: InboxQuery
    /// Wake-ups from the feed, and from the keep-alive ticker.
    let wakeUps: AsyncStream<Void>
    /// This stream's own wake-up; finishing it ends the stream.
    let wake: AsyncStream<Void>.Continuation
    /// How long a quiet stream waits before a keep-alive comment.
    let keepAlive: Duration

    /// Writes events until the client leaves (a write fails) or the server shuts down.
    func run(writer: inout any ResponseBodyWriter, after start: String) async throws {
        let ticker = Task { [wake, keepAlive] in
            while !Task.isCancelled {
                try await Task.sleep(for: keepAlive)
                wake.yield()
            }
        }
        defer {
            ticker.cancel()
            wake.finish()
        }
        try await writer.write(ByteBuffer(string: ": inbox of \(query.unit)\n\n"))
        // Ending the wake-ups on shutdown ends the stream, so the server need not wait for the client to leave.
        try await withGracefulShutdownHandler {
            var last = start
            var wakeUps = wakeUps.makeAsyncIterator()
            repeat {
                let sent = try await send(after: &last, to: &writer)
                if !sent { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
            } while await wakeUps.next() != nil
        } onGracefulShutdown: {
            wake.finish()
        }
        try await writer.finish(nil)
    }

    /// Sends every result after `last` (moving it on); whether there was any.
    private func send(after last: inout String, to writer: inout any ResponseBodyWriter) async throws -> Bool {
        var sent = false
        while true {
            var page = query
            page.after = last
            page.now = Date()
            page.limit = 100
            let found = try await store.inbox(page)
            for item in found.items {
                let data = ResultView.item(item, now: Date()).serializedString()
                try await writer.write(ByteBuffer(string: "id: \(item.result.id)\nevent: result\ndata: \(data)\n\n"))
                last = item.result.id
                sent = true
            }
            if found.nextCursor == nil { return sent }
        }
    }
}
