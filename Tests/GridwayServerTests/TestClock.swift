import Foundation
import Synchronization

/// A clock that stands still until a test moves it on.
final class TestClock: Sendable {
    private let start = ContinuousClock.now
    private let elapsed = Mutex<Duration>(.zero)

    /// The current instant.
    var now: ContinuousClock.Instant { start + elapsed.withLock { $0 } }

    /// The current wall-clock date: a fixed start plus the time moved on.
    var date: Date {
        let elapsed = elapsed.withLock { $0 }
        return Date(timeIntervalSince1970: 1_796_000_000 + Double(elapsed.components.seconds))
    }

    /// Moves the clock on by `duration`.
    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }
}
