import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// Where a prefilled value, or a candidate subject, was seen: a fetch adapter's live records, or an
/// accepted submission.
enum PrefillSource: Sendable {
    /// A record a fetch adapter returned at `fetchedAt`.
    case adapter(String, fetchedAt: Date)
    /// An accepted submission (of any contract).
    case submission(Submission)

    /// `{"type": "adapter", "adapter", "fetchedAt"}` or
    /// `{"type": "submission", "submission", "contract", "unit", "receivedAt"}`.
    var json: JSONValue {
        switch self {
        case .adapter(let adapter, let fetchedAt):
            ["type": "adapter", "adapter": .string(adapter), "fetchedAt": .string(Timestamp.format(fetchedAt))]
        case .submission(let submission):
            [
                "type": "submission", "submission": .string(submission.id),
                "contract": .string(submission.request.contract.description), "unit": .string(submission.request.unit),
                "receivedAt": .string(Timestamp.format(submission.receivedAt)),
            ]
        }
    }
}
