import Synchronization

/// A clock that stands still until a test moves it on.
final class TestClock: Sendable {
    private let start = ContinuousClock.now
    private let elapsed = Mutex<Duration>(.zero)

    /// The current instant.
    var now: ContinuousClock.Instant { start + elapsed.withLock { $0 } }

    /// Moves the clock on by `duration`.
    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }
}
