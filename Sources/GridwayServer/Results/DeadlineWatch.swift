import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStore
import Logging
import Prometheus
import ServiceLifecycle

/// Warns when a report will not reach a target by its deadline (`x-gridway-deadline`): once a delivery
/// not yet made is within ``margin`` of its deadline, or past it, or dead, the unit that submitted it
/// gets a plain notice in its inbox (and through its legacy app's `notify` adapter, like every
/// notice), and `gridway_delivery_deadline_notices_total` counts it for the operator's alert.
///
/// Each delivery gets one notice, whichever replica sends it: it is published with the idempotency
/// key `deadline:<delivery id>`, then marked.
public struct DeadlineWatch: Service {
    /// Who the notices are sent by: Gridway itself, not a credential.
    static let sender = "gridway"

    let services: GridwayServices
    /// How long before its deadline a delivery not yet made raises the notice.
    let margin: Duration
    /// How often to look.
    let interval: Duration
    let logger: Logger

    /// Creates the service; ``run()`` looks every `interval` for deliveries within `margin` of their deadline.
    public init(services: GridwayServices, margin: Duration, interval: Duration, logger: Logger) {
        self.services = services
        self.margin = margin
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await periodically(
            every: interval, on: services.clock, logger: logger, failure: "cannot warn of missed deadlines"
        ) {
            _ = try await sendNotices(now: services.clock.date)
        }
    }

    /// Sends the notices due at `now`; returns the deliveries they were about.
    public func sendNotices(now: Date) async throws -> [Delivery] {
        let atRisk = try await services.store.deliveriesAtRisk(
            deadlineBy: now.addingTimeInterval(margin.timeInterval), limit: 500)
        for delivery in atRisk {
            guard let id = delivery.submissionID, let submission = try await services.store.submission(id: id) else {
                continue
            }
            // Another replica may have given this notice meanwhile: then it counts there, not here.
            guard
                case .published = try await services.publish(
                    notice(about: delivery, of: submission, at: now), idempotencyKey: "deadline:\(delivery.id)",
                    sentBy: Self.sender)
            else { continue }
            services.deliveryMetrics.registry.makeCounter(
                descriptor: .init(
                    namespace: "gridway", metricName: "delivery_deadline_notices", unitName: "total",
                    helpText: "Deliveries that missed, or were within the margin of, their report's deadline"),
                labels: [("target", delivery.target), ("outcome", Outcome(of: delivery, at: now).rawValue)]
            ).increment()
            logger.warning(
                "delivery at risk of its deadline",
                metadata: ["delivery": "\(delivery.id)", "target": "\(delivery.target)", "state": "\(delivery.state)"])
        }
        try await services.store.markDeadlineNoticeGiven(atRisk.map(\.id), at: now)
        return atRisk
    }

    /// How a delivery the watch takes up stands against its deadline (the metric's `outcome` label).
    enum Outcome: String {
        /// Past the deadline, not delivered.
        case missed
        /// Given up before the deadline.
        case dead
        /// Still trying, within the margin.
        case atRisk = "at-risk"

        init(of delivery: Delivery, at now: Date) {
            self = delivery.isLate(at: now) ? .missed : delivery.state == .dead ? .dead : .atRisk
        }
    }

    /// The notice to the submitting unit, in plain words: which report, which system, by when, and
    /// what happens now.
    private func notice(about delivery: Delivery, of submission: Submission, at now: Date) -> ResultRequest {
        let report =
            services.catalog.contract(submission.request.contract)?.title
            ?? submission.request.contract.description
        let system = services.adapters.adapter(delivery.target)?.descriptor.title ?? delivery.target
        let period = submission.request.period.map { "\($0) 的" } ?? ""
        // The deadline is the start of the day after the last day reports are due.
        let due = delivery.deadline.map { BeijingTime.day($0.addingTimeInterval(-1)) } ?? ""
        let what: String
        switch Outcome(of: delivery, at: now) {
        case .missed: what = "已过报送截止时间（\(due)），还没有送达"
        case .dead: what = "多次发送失败，系统已停止自动重试，报送截止时间是 \(due)"
        case .atRisk: what = "还没有送达，报送截止时间是 \(due)，系统正在自动重试"
        }
        return ResultRequest(
            kind: .notice, title: "报送提醒：\(report)没有按时送达\(system)",
            body: "本单位 \(period)\(report)（\(BeijingTime.minute(submission.receivedAt)) 提交）\(what)。"
                + "您不用重新填报，运维人员已收到提醒；如上级催问，请告知已于系统内提交。",
            data: [
                "submission": .string(submission.id), "delivery": .string(delivery.id),
                "target": .string(delivery.target),
                "deadline": delivery.deadline.map { .string(Timestamp.format($0)) } ?? .null,
            ],
            audience: .units([submission.request.unit]))
    }
}
