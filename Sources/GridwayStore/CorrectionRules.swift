import Foundation
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
    /// `originalDeliveries`), in the original's order at each (its ``Delivery/orderKey``): as a
    /// correction where the original was delivered; in its place (the original's delivery cancelled)
    /// where it is waiting or dead; and where an attempt is in flight, which may reach the target, as a
    /// correction that waits for the attempt's outcome (see ``resolve(_:originalDelivery:)``).
    public static func route(_ correction: Submission, of original: String, originalDeliveries: [Delivery])
        -> CorrectionRoute
    {
        var route = CorrectionRoute()
        for delivery in originalDeliveries {
            var correcting: Delivery.Correction?
            switch delivery.state {
            case .delivered, .inFlight:
                correcting = Delivery.Correction(originalSubmissionID: original, originalReceipt: delivery.receipt)
            case .pending, .retrying, .dead, .cancelled:
                route.cancelled.append(delivery.id)
            }
            route.deliveries.append(
                .pending(
                    of: correction, to: delivery.target, correcting: correcting,
                    orderKey: delivery.orderKey, deadline: delivery.deadline))
        }
        return route
    }

    /// What a correction claimed for an attempt says about its original, given the original's delivery
    /// to the same target (settled by then: the correction waits behind it). Delivered: a correction,
    /// with the receipt the target gave. Not delivered (its in-flight attempt failed for good): the
    /// target never had it, so the correction goes as the report, in its place (`nil`).
    public static func resolve(_ correction: Delivery.Correction, originalDelivery: Delivery?) -> Delivery.Correction? {
        guard let originalDelivery, originalDelivery.state == .delivered else { return nil }
        return Delivery.Correction(
            originalSubmissionID: correction.originalSubmissionID, originalReceipt: originalDelivery.receipt)
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
    /// Its ``orderKey`` is the one given (the request's ``SubmissionRequest/deliveryOrderKey``, or a
    /// correction's original's), else the submission's id: a key no other report has, which its
    /// corrections take, so they still wait for it.
    public static func pending(
        of submission: Submission, to target: String, correcting correction: Correction? = nil,
        orderKey: String? = nil, deadline: Date? = nil
    ) -> Delivery {
        Delivery(
            id: TimeOrderedID.make(at: submission.receivedAt), subject: .submission(submission.id), target: target,
            state: .pending, nextAttemptAt: submission.receivedAt, correction: correction,
            orderKey: orderKey ?? submission.id, deadline: deadline, createdAt: submission.receivedAt)
    }
}
