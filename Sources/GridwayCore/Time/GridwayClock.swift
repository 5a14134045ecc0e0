import Foundation

/// Where a component that waits or stamps reads the time: ``SystemClock`` in production, a
/// ``TestClock`` that moves only when a test says so.
///
/// Instants are `ContinuousClock` instants (deadlines, waits, measured durations); ``date`` is the
/// calendar time of ``now``, for what is stored or shown.
public protocol GridwayClock: Sendable {
    /// The monotonic instant now.
    var now: ContinuousClock.Instant { get }
    /// The calendar time now.
    var date: Date { get }
    /// Returns once `deadline` has come; throws `CancellationError` if the task is cancelled first.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension GridwayClock {
    /// Returns once `duration` has passed; throws `CancellationError` if the task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }

    /// The calendar time `duration` from now.
    public func date(after duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }
}
