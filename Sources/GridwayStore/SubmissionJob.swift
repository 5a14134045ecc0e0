import Foundation
import GridwayCore
import GridwayJSON

/// A submission waiting for the next shared commit, with its digest, stored form and aggregate
/// contribution computed beforehand so the serialized writer does no avoidable work.
package struct SubmissionJob: Sendable {
    package var request: SubmissionRequest
    package var digest: String
    package var serializedData: String
    package var idempotencyKey: String
    package var submittedBy: String
    package var targets: [String]
    package var aggregation: AggregatePlan?
    package var contribution: [AggregateCell: AggregateFigures]
    /// The burden figures to add, or `nil` when burden accounting is off.
    package var burden: BurdenPlan?
    /// The order key of the deliveries of a report that corrects none, taken out of the request
    /// (which is stored without it).
    package var deliveryOrderKey: String?
    /// The deadline of its deliveries, taken out of the request in the same way.
    package var deliveryDeadline: Date?

    /// Throws when a measured value cannot be held exactly (``Contract/validate(_:)`` refuses it first).
    package init(
        request: SubmissionRequest, idempotencyKey: String, submittedBy: String, targets: [String],
        aggregation: AggregatePlan?, burden: BurdenPlan?
    ) throws(AggregateOverflowError) {
        self.request = request
        self.request.deliveryOrderKey = nil
        self.request.deliveryDeadline = nil
        deliveryOrderKey = request.deliveryOrderKey
        deliveryDeadline = request.deliveryDeadline
        digest = request.digest
        serializedData = request.data.serializedString()
        self.idempotencyKey = idempotencyKey
        self.submittedBy = submittedBy
        self.targets = targets
        self.aggregation = aggregation
        self.burden = burden
        contribution = try aggregation?.contribution(of: request.data) ?? [:]
    }
}
