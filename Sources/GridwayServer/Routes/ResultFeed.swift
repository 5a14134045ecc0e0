import Synchronization

/// Wakes every open inbox stream when a result is stored, so each can read what is new for its unit.
///
/// It carries no results itself: a woken stream asks the store for results after the last id it sent,
/// which is also how a reconnecting stream catches up.
final class ResultFeed: Sendable {
    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// A stream that yields once per wake-up (merging those not yet consumed), and its own continuation
    /// to wake it alone; finishing the continuation or dropping the stream unsubscribes.
    func subscribe() -> (wakeUps: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.next += 1
            state.subscribers[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return (stream, continuation)
    }

    /// Wakes every subscriber.
    func publish() {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield() }
    }
}
