import GridwayCore
import Logging
import ServiceLifecycle

/// Runs `work` now and then every `interval` by `clock` until a graceful shutdown: the loop of the
/// services that look for what has come due. A failed run is logged as `failure` and the next run goes
/// on as usual.
func periodically(
    every interval: Duration, on clock: any GridwayClock, logger: Logger, failure: Logger.Message,
    _ work: @escaping @Sendable () async throws -> Void
) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await work()
            } catch {
                if Task.isCancelled { return }
                logger.error(failure, metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(for: interval)
        }
    }
}
