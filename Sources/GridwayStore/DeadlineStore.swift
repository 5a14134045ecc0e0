import Foundation
import GridwayCore

/// The deliveries that miss, or are about to miss, the deadline of their report
/// (``Delivery/deadline``): what the deadline watch warns about, and what a target's late report lists.
public protocol DeadlineStore: Sendable {
    /// Up to `limit` deliveries not delivered (outstanding or dead) whose deadline falls at or before
    /// `horizon` and about which no notice has been given yet, earliest deadline first.
    func deliveriesAtRisk(deadlineBy horizon: Date, limit: Int) async throws -> [Delivery]

    /// Records that notice of the deliveries `ids` missing their deadline was given at `now`, so it is
    /// given once.
    func markDeadlineNoticeGiven(_ ids: [String], at now: Date) async throws

    /// How many deliveries each target has not made though their deadline passed before `now`
    /// (outstanding or dead); targets with none are left out.
    func overdueDeliveryCounts(at now: Date) async throws -> [String: Int]

    /// The deliveries to `target` of reports for `period` (of every contract with a deadline) that
    /// are late at `now`: delivered after their deadline, or not delivered and past it; by deadline.
    func lateDeliveries(target: String, period: String, at now: Date) async throws -> [Delivery]
}
