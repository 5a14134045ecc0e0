import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird
import NIOCore
import ServiceLifecycle

/// One open `GET /v1/inbox/stream`: sends the unit's results after a given id as Server-Sent Events,
/// then each new one when the ``ResultFeed`` wakes it, with a keep-alive comment when quiet.
///
/// The caller's credential is checked again on every wake-up and at least every `recheck`: once it is
/// revoked, signed out or its user disabled, the stream ends before sending anything more.
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
    /// The longest time between two checks of the credential (the credential cache's lifetime).
    let recheck: Duration
    /// Times the keep-alives and checks, and dates what is sent.
    let clock: any GridwayClock
    /// Whether the credential the stream was opened with is still good.
    let credentialIsValid: @Sendable () async throws -> Bool

    /// Writes events until the client leaves (a write fails), the credential stops being valid, or the
    /// server shuts down. The keep-alive ticker and the credential checker are child tasks, so they end
    /// with the stream.
    func run(writer: inout any ResponseBodyWriter, after start: String) async throws {
        defer { wake.finish() }
        try await withThrowingDiscardingTaskGroup { group in
            defer { group.cancelAll() }
            group.addTask { [wake, keepAlive, clock] in
                while (try? await clock.sleep(for: keepAlive)) != nil { wake.yield() }
            }
            // Checks the credential of a quiet stream without re-reading its inbox; ending the wake-ups ends
            // the stream.
            group.addTask { [wake, recheck, clock, credentialIsValid] in
                while (try? await clock.sleep(for: recheck)) != nil {
                    if (try? await credentialIsValid()) == false {
                        wake.finish()
                        return
                    }
                }
            }
            try await writer.write(ByteBuffer(string: ": inbox of \(query.unit)\n\n"))
            // Ending the wake-ups on shutdown ends the stream, so the server need not wait for the client to leave.
            try await withGracefulShutdownHandler {
                var last = start
                var wakeUps = wakeUps.makeAsyncIterator()
                repeat {
                    guard try await credentialIsValid() else { break }
                    let sent = try await send(after: &last, to: &writer)
                    if !sent { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                } while await wakeUps.next() != nil
            } onGracefulShutdown: {
                wake.finish()
            }
            try await writer.finish(nil)
        }
    }

    /// Sends every result after `last` (moving it on); whether there was any.
    private func send(after last: inout String, to writer: inout any ResponseBodyWriter) async throws -> Bool {
        var sent = false
        while true {
            var page = query
            page.after = last
            page.now = clock.date
            page.limit = 100
            let found = try await store.inbox(page)
            for item in found.items {
                let data = ResultView.item(item, now: clock.date).serializedString()
                try await writer.write(ByteBuffer(string: "id: \(item.result.id)\nevent: result\ndata: \(data)\n\n"))
                last = item.result.id
                sent = true
            }
            if found.nextCursor == nil { return sent }
        }
    }
}
