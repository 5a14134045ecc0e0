import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The JSON shapes of a submission in replies.
enum SubmissionView {
    /// The receipt returned on acceptance: what was stored, when, and where it goes.
    static func receipt(_ submission: Submission, deliveries: [Delivery]) -> JSONValue {
        .object(receiptMembers(submission, deliveries: deliveries))
    }

    /// The receipt plus the data and who sent it.
    static func detail(_ submission: Submission, deliveries: [Delivery]) -> JSONValue {
        var members = receiptMembers(submission, deliveries: deliveries)
        members["submittedBy"] = .string(submission.submittedBy)
        members["data"] = submission.request.data
        return .object(members)
    }

    private static func receiptMembers(_ submission: Submission, deliveries: [Delivery])
        -> OrderedDictionary<String, JSONValue>
    {
        var members: OrderedDictionary<String, JSONValue> = [
            "id": .string(submission.id),
            "status": .string(submission.status.rawValue),
            "contract": .string(submission.request.contract.description),
            "unit": .string(submission.request.unit),
            "period": submission.request.period.map(JSONValue.string) ?? .null,
            "receivedAt": .string(Timestamp.format(submission.receivedAt)),
            "digest": .string(submission.digest),
        ]
        if let supersedes = submission.request.supersedes { members["supersedes"] = .string(supersedes) }
        if let later = submission.supersededBy { members["supersededBy"] = .string(later) }
        if let erasedAt = submission.erasedAt { members["erasedAt"] = .string(Timestamp.format(erasedAt)) }
        members["delivery"] = .string(DeliveryRollup(deliveries).rawValue)
        members["deliveries"] = .array(deliveries.map(DeliveryView.delivery))
        return members
    }
}
