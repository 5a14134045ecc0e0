import Dispatch

/// Runs `work`, which blocks (waiting for a process to exit, a pipe to end), on a dispatch thread, so it
/// holds no thread of the cooperative pool that every test in the process shares — two threads on a
/// two-core machine, and a blocked pool stalls every other test's timers and servers.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
