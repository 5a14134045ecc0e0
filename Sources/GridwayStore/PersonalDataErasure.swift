import GridwayCore
import GridwayJSON
import OrderedCollections

/// The personal data of one stored submission, erased: what its data becomes and why.
public struct PersonalDataErasure: Sendable, Hashable {
    /// Why personal data is erased.
    public enum Reason: Sendable, Hashable {
        /// Its contract's retention, counted from the end of the submission's period, has ended.
        case retentionEnded(CalendarDuration)
        /// The subject asked for it; the text says on what grounds (e.g. a request's reference).
        case subjectRequest(String)
    }

    /// The submission's id.
    public var submissionID: String
    /// The submission's contract.
    public var contract: ContractRef
    /// The submission's data without its personal fields.
    public var data: JSONValue
    /// Where the values removed were (JSON Pointers into the original data); never the values.
    public var erasedFields: [JSONPointer]
    /// Why.
    public var reason: Reason

    /// Erases the personal fields `contract` declares from `submission`'s data.
    public init(of submission: Submission, under contract: Contract, reason: Reason) {
        let (data, erased) = contract.erasingPersonalData(in: submission.request.data)
        submissionID = submission.id
        self.contract = submission.request.contract
        self.data = data
        erasedFields = erased
        self.reason = reason
    }

    /// The audit entry's detail: contract, the pointers erased and the reason — no personal value.
    var auditDetail: JSONValue {
        var detail: OrderedDictionary<String, JSONValue> = [
            "contract": .string(contract.description),
            "fields": .array(erasedFields.map { .string($0.description) }),
        ]
        switch reason {
        case .retentionEnded(let retention):
            detail["reason"] = "retention-ended"
            detail["retention"] = .string(retention.description)
        case .subjectRequest(let grounds):
            detail["reason"] = "subject-request"
            detail["grounds"] = .string(grounds)
        }
        return .object(detail)
    }
}
