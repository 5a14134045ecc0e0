import Foundation
import Synchronization

/// A clock that stands still until a test moves it, so a test waits for time to pass without sleeping.
///
/// ``advance(by:)`` moves it on and wakes every sleeper whose deadline it reaches (a sleeper that goes
/// back to sleep waits for the next advance); ``waitForSleepers(_:)`` returns once the code under test
/// is asleep, so the test knows it has done all it does before the clock moves on.
public final class TestClock: GridwayClock {
    private struct Sleeper {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var elapsed = Duration.zero
        var sleepers: [Int: Sleeper] = [:]
        var lastSleeperID = 0
        var watchers: [Watcher] = []

        /// Takes out the watchers waiting for as many sleepers as there are now.
        mutating func satisfiedWatchers() -> [Watcher] {
            let satisfied = watchers.filter { $0.count == sleepers.count }
            watchers.removeAll { $0.count == sleepers.count }
            return satisfied
        }
    }

    private let origin = ContinuousClock.now
    private let originDate: Date
    private let state = Mutex(State())

    /// Creates a clock standing at `date`.
    public init(date: Date = Date()) {
        originDate = date
    }

    public var now: ContinuousClock.Instant { origin + state.withLock { $0.elapsed } }

    public var date: Date { originDate.addingTimeInterval(state.withLock { $0.elapsed }.timeInterval) }

    /// How many tasks sleep on this clock.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.lastSleeperID += 1
            return state.lastSleeperID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (wakeNow, watchers) = state.withLock { state -> (Result<Void, any Error>?, [Watcher]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= origin + state.elapsed { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, state.satisfiedWatchers())
                }
                if let wakeNow { continuation.resume(with: wakeNow) }
                for watcher in watchers { watcher.continuation.resume() }
            }
        } onCancel: {
            let (sleeper, watchers) = state.withLock { state in
                (state.sleepers.removeValue(forKey: id), state.satisfiedWatchers())
            }
            sleeper?.continuation.resume(throwing: CancellationError())
            for watcher in watchers { watcher.continuation.resume() }
        }
    }

    /// Moves the clock on by `duration`, waking the sleepers whose deadline that reaches, earliest first.
    public func advance(by duration: Duration) {
        let (due, watchers) = state.withLock { state in
            state.elapsed += duration
            let now = origin + state.elapsed
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return (due.values.sorted { $0.deadline < $1.deadline }, state.satisfiedWatchers())
        }
        for sleeper in due { sleeper.continuation.resume() }
        for watcher in watchers { watcher.continuation.resume() }
    }

    /// Returns once exactly `count` tasks sleep on this clock (at once if they do now).
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                guard state.sleepers.count != count else { return true }
                state.watchers.append(Watcher(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
