import Foundation
import GridwayCore
import GridwayStore
import Logging
import ServiceLifecycle

/// Runs the ``RetentionJob`` inside `gridway serve`: at start, then every ``interval``, so personal
/// fields go on the day their retention ends without an outside scheduler.
///
/// Several replicas may run it at once: a submission is erased (and audited) only by the
/// transaction that finds it still holding personal data.
public struct RetentionWorker: Service {
    let services: GridwayServices
    /// How long to wait between runs.
    let interval: Duration
    /// The current time; tests pass a fixed one.
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the worker; ``run()`` erases what is due at `now()` every `interval`.
    public init(
        services: GridwayServices, interval: Duration, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.services = services
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await RetentionJob(
                        store: services.store, contracts: services.catalog.contracts,
                        defaultRetention: services.configuration.defaultRetention
                    ).run(at: now())
                    if report.erased > 0 {
                        logger.info("retention: personal data erased", metadata: ["submissions": "\(report.erased)"])
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.error("cannot erase personal data past its retention", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
