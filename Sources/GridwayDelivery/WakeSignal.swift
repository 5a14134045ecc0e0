import GridwayCore
import Synchronization

/// Wakes a sleeping loop as soon as there is work, or when its deadline passes.
///
/// A signal sent while nobody waits is kept, so the next wait returns at once: no work that
/// arrives between two checks is slept through.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when signalled, at `deadline` on `clock`, or when the task is cancelled.
    func wait(until deadline: ContinuousClock.Instant, on clock: any GridwayClock) async {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.pending {
                                state.pending = false
                                return true
                            }
                            state.waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                }
                group.addTask {
                    try? await clock.sleep(until: deadline)
                    if !Task.isCancelled { self.signal() }
                }
                await group.next()
                group.cancelAll()
            }
        } onCancel: {
            signal()
        }
        state.withLock { $0.pending = false }
    }
}
