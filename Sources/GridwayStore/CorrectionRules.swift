import GridwayCore

/// The rules of a correction, decided once for every engine: whether a submission may supersede a
/// stored one, and where the correction's deliveries go. Pure: each engine reads the rows, asks, and
/// writes what the answer says.
public enum CorrectionRules {
    /// Why `request` may not supersede the stored submission `original`, or `nil` when it may (a
    /// missing one is ``SubmissionOutcome/supersededNotFound(id:)``).
    ///
    /// A submission of another unit is reported as missing too, so a caller learns nothing outside its
    /// scope; one of another contract or period is a mismatch; one already superseded names its successor; one whose personal data was erased cannot be corrected.
    public static func refusal(of request: SubmissionRequest, superseding original: Submission) -> SubmissionOutcome? {
        guard original.request.unit == request.unit else { return .supersededNotFound(id: original.id) }
        guard original.request.contract == request.contract, original.request.period == request.period else {
            return .supersededMismatch(id: original.id)
        }
        if let later = original.supersededBy { return .alreadySuperseded(id: original.id, by: later) }
        if original.erasedAt != nil { return .personalDataErased(id: original.id) }
        return nil
    }

    /// Sends `correction` to the targets of `original` (whose not-cancelled deliveries are
    /// `originalDeliveries`): as a correction where the original was delivered, in its place (the
    /// original's delivery cancelled) where it was not.
    public static func route(_ correction: Submission, of original: String, originalDeliveries: [Delivery])
        -> CorrectionRoute
    {
        var route = CorrectionRoute()
        for delivery in originalDeliveries {
            var correcting: Delivery.Correction?
            if delivery.state == .delivered {
                correcting = Delivery.Correction(originalSubmissionID: original, originalReceipt: delivery.receipt)
            } else {
                route.cancelled.append(delivery.id)
            }
            route.deliveries.append(.pending(of: correction, to: delivery.target, correcting: correcting))
        }
        return route
    }
}

/// What routing a correction decided: the original's deliveries to cancel, and the correction's new ones.
public struct CorrectionRoute: Sendable, Hashable {
    /// Ids of the original's deliveries that have not happened and are replaced by the correction.
    public var cancelled: [String] = []
    /// The correction's deliveries, pending, one per target of the original, in the original's order.
    public var deliveries: [Delivery] = []
}

extension Delivery {
    /// A new delivery of `submission` to `target`, pending and due when the submission was received.
    public static func pending(of submission: Submission, to target: String, correcting correction: Correction? = nil)
        -> Delivery
    {
        Delivery(
            id: TimeOrderedID.make(at: submission.receivedAt), subject: .submission(submission.id), target: target,
            state: .pending, nextAttemptAt: submission.receivedAt, correction: correction,
            createdAt: submission.receivedAt)
    }
}
