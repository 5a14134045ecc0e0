import Foundation

/// One submission on its way to one target, or one result on its way into one unit's legacy app.
public struct Delivery: Sendable, Hashable, Identifiable {
    /// Time-ordered id; also the `webhook-id` of every attempt.
    public var id: String
    /// What is delivered.
    public var subject: DeliverySubject
    /// The target (an upstream system or a legacy app, by its adapter id).
    public var target: String
    /// Where it stands.
    public var state: DeliveryState
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due, while outstanding.
    public var nextAttemptAt: Date?
    /// The last failure, for operators.
    public var lastError: String?
    /// The upstream's own reference number, once delivered.
    public var receipt: String?
    /// Set when this delivers a correction: the submission it corrects and that one's upstream receipt.
    public var correction: Correction?
    /// The deliveries to one target sharing this key go out one at a time, oldest first: an earlier
    /// one still pending, retrying or in flight holds the later ones back (a dead or cancelled one does
    /// not). A report's is its ``SubmissionRequest/deliveryOrderKey``, a correction's its original's;
    /// `nil` for a delivery that waits for none (a result's).
    public var orderKey: String?
    /// When the report is due at its target (its contract's ``Contract/deliveryDeadline(of:)``);
    /// `nil` when none is set.
    public var deadline: Date?
    /// When the delivery was created (the submission's acceptance).
    public var createdAt: Date
    /// When it was delivered.
    public var deliveredAt: Date?

    /// The original a correction replaces at this target.
    public struct Correction: Sendable, Hashable {
        /// The superseded submission.
        public var originalSubmissionID: String
        /// The receipt number the target gave the original.
        public var originalReceipt: String?

        /// Creates a correction marker.
        public init(originalSubmissionID: String, originalReceipt: String?) {
            self.originalSubmissionID = originalSubmissionID
            self.originalReceipt = originalReceipt
        }
    }

    /// Creates a delivery.
    public init(
        id: String, subject: DeliverySubject, target: String, state: DeliveryState, attempts: Int = 0,
        nextAttemptAt: Date? = nil, lastError: String? = nil, receipt: String? = nil, correction: Correction? = nil,
        orderKey: String? = nil, deadline: Date? = nil, createdAt: Date, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.subject = subject
        self.target = target
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.receipt = receipt
        self.correction = correction
        self.orderKey = orderKey
        self.deadline = deadline
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }

    /// Whether it missed its ``deadline`` at `now`: delivered after it, or not delivered and past it.
    public func isLate(at now: Date) -> Bool {
        guard let deadline, state != .cancelled else { return false }
        return (deliveredAt ?? now) > deadline
    }

    /// The submission delivered, for a submission delivery.
    public var submissionID: String? { subject.submissionID }

    /// The stable key every attempt carries in `Idempotency-Key`: one per (submission, target), or
    /// per (result, unit, target).
    public var idempotencyKey: String {
        switch subject {
        case .submission(let id): "gridway:\(id):\(target)"
        case .result(let id, let unit): "gridway:\(id):\(unit):\(target)"
        }
    }
}

/// How a submission's deliveries stand together.
public enum DeliveryRollup: String, Sendable, Hashable, Codable {
    /// No target consumes it.
    case noTargets = "no-targets"
    /// At least one delivery is still outstanding.
    case delivering
    /// Every delivery succeeded.
    case delivered
    /// Some succeeded, the others are dead.
    case partiallyDelivered = "partially-delivered"
    /// Every delivery is dead.
    case failed

    /// The rollup of `deliveries` (cancelled ones, replaced by a correction, do not count).
    public init(_ deliveries: [Delivery]) {
        let live = deliveries.filter { $0.state != .cancelled }
        if live.isEmpty {
            self = .noTargets
        } else if live.contains(where: { $0.state.isOutstanding }) {
            self = .delivering
        } else if live.allSatisfy({ $0.state == .delivered }) {
            self = .delivered
        } else if live.contains(where: { $0.state == .delivered }) {
            self = .partiallyDelivered
        } else {
            self = .failed
        }
    }
}
