import Foundation

/// The system's clocks: the continuous clock for waiting, the wall clock for dates.
public struct SystemClock: GridwayClock {
    /// Creates the system clock.
    public init() {}

    public var now: ContinuousClock.Instant { .now }

    public var date: Date { Date() }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
