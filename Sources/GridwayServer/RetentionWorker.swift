import Foundation
import GridwayCore
import GridwayStore
import Logging
import Prometheus
import ServiceLifecycle

/// Runs the ``RetentionJob`` inside `gridway serve`: at start, then every ``interval`` by the
/// services' clock, so personal fields go on the day their retention ends without an outside
/// scheduler. It runs paced (``RetentionJob/background``), leaving most of the store's writer to
/// the submissions arriving meanwhile; each run's outcome goes to `/metrics` (see ``RetentionMetrics``).
///
/// Several replicas may run it at once: a submission is erased (and audited) only by the
/// transaction that finds it still holding personal data.
public struct RetentionWorker: Service {
    let services: GridwayServices
    /// How long to wait between runs.
    let interval: Duration
    let logger: Logger

    /// Creates the worker; ``run()`` erases what is due every `interval`.
    public init(services: GridwayServices, interval: Duration, logger: Logger) {
        self.services = services
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await periodically(
            every: interval, on: services.clock, logger: logger,
            failure: "cannot erase personal data past its retention"
        ) {
            try await runOnce()
        }
    }

    /// Erases what is due now, then records the run and what is still overdue (nothing, unless the
    /// store failed part-way or another replica's run is still going).
    private func runOnce() async throws {
        let now = services.clock.date
        let job = RetentionJob(
            store: services.store, contracts: services.catalog.contracts,
            defaultRetention: services.configuration.defaultRetention, batchSize: RetentionJob.background.batchSize,
            writerShare: RetentionJob.background.writerShare, clock: services.clock)
        let report = try await job.run(at: now)
        let overdue = try await job.overdue(at: now)
        let oldest = try await job.oldestPersonalData()
        RetentionMetrics(registry: services.deliveryMetrics.registry).record(
            report, overdue: overdue, oldest: oldest, at: now)
        if report.erased > 0 {
            logger.info("retention: personal data erased", metadata: ["submissions": "\(report.erased)"])
        }
    }
}

/// The retention job's figures at `/metrics`: submissions erased by contract, contracts still holding
/// personal data past its retention after a run, the age of the oldest personal value each contract
/// holds, contracts with personal fields and no retention, and the time of the last successful run
/// (alert on its age; see the operations guide).
struct RetentionMetrics {
    let registry: PrometheusCollectorRegistry

    /// Records one successful run at `now`, the contracts that `overdue` still found after it, and
    /// when each contract's `oldest` submission holding personal data was received.
    func record(
        _ report: RetentionReport, overdue: [ContractRef], oldest: [(contract: ContractRef, receivedAt: Date?)],
        at now: Date
    ) {
        for contract in report.contracts {
            let labels = [("contract", contract.contract.description)]
            registry.makeCounter(
                descriptor: .init(
                    namespace: "gridway", metricName: "retention_erased", unitName: "total",
                    helpText: "Submissions whose personal fields the retention job erased"),
                labels: labels
            ).increment(by: Int64(contract.erased))
            registry.makeGauge(
                descriptor: .init(
                    namespace: "gridway", metricName: "retention_overdue", unitName: "",
                    helpText: "1 if submissions past retention still held personal fields after the last run"),
                labels: labels
            ).set(to: overdue.contains(contract.contract) ? 1 : 0)
        }
        for (contract, receivedAt) in oldest {
            registry.makeGauge(
                descriptor: .init(
                    namespace: "gridway", metricName: "retention_oldest_personal_value_age", unitName: "seconds",
                    helpText: "How long ago the oldest submission still holding personal fields was received (0: none)"),
                labels: [("contract", contract.description)]
            ).set(to: receivedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
        registry.makeGauge(
            descriptor: .init(
                namespace: "gridway", metricName: "retention_unset_contracts", unitName: "",
                helpText: "Contracts with personal fields but no retention, whose submissions keep them")
        ).set(to: Double(report.keptWithoutRetention.count))
        registry.makeGauge(
            descriptor: .init(
                namespace: "gridway", metricName: "retention_last_success", unitName: "timestamp_seconds",
                helpText: "When the retention job last ran to the end")
        ).set(to: now.timeIntervalSince1970)
    }
}
