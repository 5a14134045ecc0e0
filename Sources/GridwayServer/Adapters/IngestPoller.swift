import GridwayAdapters
import GridwayCore
import Logging
import ServiceLifecycle

/// Polls every adapter that asks for it (a ``PollingIngestAdapter`` with a ``PollingIngestAdapter/pollInterval``)
/// — once at start, then after each interval on the services' clock — and stores what it reads through
/// ``IngestPipeline``, as
/// the adapter's own ``AdapterDescriptor/submitter``. Stops at graceful shutdown; a poll cut short
/// stores nothing half, since each record is stored on its own and at most once.
struct IngestPoller: Service {
    let services: GridwayServices
    let logger: Logger

    func run() async throws {
        let polled = services.adapters.adapters.compactMap { adapter -> (any PollingIngestAdapter, Duration)? in
            guard let polling = adapter as? any PollingIngestAdapter, let interval = polling.pollInterval else {
                return nil
            }
            return (polling, interval)
        }
        guard !polled.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for (adapter, interval) in polled {
                    group.addTask {
                        repeat {
                            await poll(adapter)
                        } while (try? await services.clock.sleep(for: interval)) != nil
                    }
                }
            }
        }
    }

    /// One poll of `adapter`; failures are logged and noted in the adapter's health, never thrown.
    func poll(_ adapter: any PollingIngestAdapter) async {
        let id = adapter.descriptor.id
        do {
            let records = try await adapter.poll(through: services.transport(for: adapter))
            let results = try await IngestPipeline(services: services)
                .store(records, from: adapter, as: adapter.descriptor.submitter, logger: logger)
            for result in results {
                if case .failure(let problem) = result.outcome {
                    logger.warning(
                        "polled record refused",
                        metadata: [
                            "adapter": "\(id)", "sourceID": "\(result.sourceID)", "problem": "\(problem.slug)",
                            "detail": "\(problem.detail)",
                        ])
                }
            }
            logger.debug("polled", metadata: ["adapter": "\(id)", "records": "\(records.count)"])
        } catch is CancellationError {
            return
        } catch {
            await services.adapterHealth.recordError(id, "poll: \(error)", at: services.clock.date)
            logger.warning("poll failed", metadata: ["adapter": "\(id)", "error": "\(error)"])
        }
    }
}
