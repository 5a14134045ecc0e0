import Foundation
import GridwayCore
import GridwayDelivery
import GridwayStore
import Prometheus

/// Delivery metrics in Prometheus text format: attempts by target and outcome, attempt latency,
/// and, refreshed at every scrape, queue depth, oldest outstanding age and breaker state per target.
public final class DeliveryMetrics: DeliveryObserver {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    private static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// Creates an empty registry.
    public init() {}

    public func attemptFinished(target: String, result: DeliveryResult, duration: Duration) {
        let outcome =
            switch result {
            case .delivered: "delivered"
            case .retry: "retry"
            case .dead: "dead"
            }
        registry.makeCounter(
            descriptor: .init(
                namespace: "gridway", metricName: "delivery_attempts", unitName: "total",
                helpText: "Delivery attempts by outcome"),
            labels: [("target", target), ("outcome", outcome)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "gridway", metricName: "delivery_attempt_duration", unitName: "seconds",
                helpText: "Time one delivery attempt took"),
            labels: [("target", target)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Refreshes the per-target gauges from the store's backlog and the dispatcher's breakers, with ages as of `now`.
    public func refresh(backlog: [TargetBacklog], breakers: [String: CircuitBreaker.State], now: Date) {
        for entry in backlog {
            let outstanding = DeliveryState.allCases.filter(\.isOutstanding).reduce(0) { $0 + (entry.counts[$1] ?? 0) }
            gauge("delivery_queue_depth", "", "Outstanding deliveries (pending, in flight, retrying)", entry.target)
                .set(to: Double(outstanding))
            gauge("delivery_dead", "", "Dead deliveries waiting for a replay", entry.target).set(
                to: Double(entry.counts[.dead] ?? 0))
            gauge("delivery_oldest_outstanding_age", "seconds", "Age of the oldest outstanding delivery", entry.target)
                .set(to: entry.oldestOutstanding.map { now.timeIntervalSince($0) } ?? 0)
        }
        for (target, state) in breakers {
            for candidate in [CircuitBreaker.State.closed, .open, .halfOpen] {
                registry.makeGauge(
                    descriptor: .init(
                        namespace: "gridway", metricName: "delivery_breaker_state", unitName: "",
                        helpText: "1 for the breaker's current state"),
                    labels: [("target", target), ("state", candidate.rawValue)]
                ).set(to: candidate == state ? 1.0 : 0.0)
            }
        }
    }

    private func gauge(_ name: String, _ unit: String, _ help: String, _ target: String) -> Gauge {
        registry.makeGauge(
            descriptor: .init(namespace: "gridway", metricName: name, unitName: unit, helpText: help),
            labels: [("target", target)])
    }
}
