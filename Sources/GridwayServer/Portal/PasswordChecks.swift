import NIOPosix
import Synchronization

/// Runs password hashing off the request threads, a bounded number at a time.
///
/// One scrypt check holds 32 MiB and a core for a fraction of a second. Run inline, two concurrent
/// sign-ins would stall every request on a two-core server, and a flood of them would exhaust memory.
/// Here they run on NIO's blocking-work pool (one thread per core); beyond `capacity` checks waiting
/// or running, a sign-in is refused with 503 and `Retry-After` instead of queueing without end.
public final class PasswordChecks: Sendable {
    /// Checks running or waiting at most.
    public let capacity: Int
    private let pool: NIOThreadPool
    private let admitted = Atomic<Int>(0)

    /// A gate running checks on `pool`, refusing beyond `capacity` at once.
    public init(capacity: Int = 32, pool: NIOThreadPool = .singleton) {
        self.capacity = capacity
        self.pool = pool
    }

    /// Runs `work` on the pool once a thread is free; throws 503 when `capacity` checks are already admitted.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard admitted.add(1, ordering: .relaxed).newValue <= capacity else {
            admitted.subtract(1, ordering: .relaxed)
            throw Problem.signInBusy()
        }
        defer { admitted.subtract(1, ordering: .relaxed) }
        return try await pool.runIfActive(work)
    }
}
