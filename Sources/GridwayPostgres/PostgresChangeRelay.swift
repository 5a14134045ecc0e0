import GridwayStore
import Logging
import PostgresNIO
import Synchronization

/// Hands the notifications of the store's channel (`LISTEN`) to this process's subscribers.
///
/// Transactions announce their changes with `pg_notify` (delivered on commit to every listening
/// session, this replica's included), so one path serves local and remote changes alike.
final class PostgresChangeRelay: Sendable {
    /// The channel every replica on the same schema listens on.
    let channel: String
    private let subscribers = Mutex<[StoreChange: [Int: AsyncStream<Void>.Continuation]]>([:])
    private let nextID = Atomic<Int>(0)
    /// Whether the relay listens now (notifications committed from now on reach the subscribers).
    let isListening = Atomic<Bool>(false)

    init(schema: String?) {
        channel = "gridway_changes" + (schema.map { "_" + $0 } ?? "")
    }

    /// Announces `change` to every listener once the transaction on `connection` commits.
    func announce(_ change: StoreChange, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SELECT pg_notify(\(channel), \(change.rawValue))", logger: logger)
    }

    /// A new subscriber's wake-ups for `change`.
    func subscribe(_ change: StoreChange) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[change, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0[change]?.removeValue(forKey: id) }
        }
        return stream
    }

    /// Listens on a connection of its own until cancelled, listening again after a lost connection;
    /// every subscriber is woken after each (re)connection, since notifications sent meanwhile are lost.
    func listen(with client: PostgresClient, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        isListening.store(true, ordering: .releasing)
                        defer { isListening.store(false, ordering: .releasing) }
                        wakeAll()
                        for try await notification in notifications {
                            guard let change = StoreChange(rawValue: notification.payload) else { continue }
                            wake(change)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for other replicas' changes failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func wake(_ change: StoreChange) {
        for subscriber in subscribers.withLock({ Array(($0[change] ?? [:]).values) }) { subscriber.yield() }
    }

    private func wakeAll() {
        for change in StoreChange.allCases { wake(change) }
    }
}
