import Foundation
import GridwayCore

/// Filters for listing deliveries, newest first.
public struct DeliveryQuery: Sendable, Hashable {
    /// Only this state.
    public var state: DeliveryState?
    /// Only this target.
    public var target: String?
    /// Only deliveries older than the one with this id (the cursor of the previous page).
    public var before: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(state: DeliveryState? = nil, target: String? = nil, before: String? = nil, limit: Int = 50) {
        self.state = state
        self.target = target
        self.before = before
        self.limit = limit
    }
}

/// A delivery claimed by a dispatcher, with what it carries.
public struct ClaimedDelivery: Sendable, Hashable {
    /// What a claimed delivery carries, read in the claiming transaction.
    public enum Payload: Sendable, Hashable {
        /// A submission, for the target's `deliver`.
        case submission(Submission)
        /// A result, for the target's `notify` into the delivery's unit.
        case result(PublishedResult)
    }

    /// The delivery, now in flight under a lease.
    public var delivery: Delivery
    /// The submission or result to deliver.
    public var payload: Payload

    /// Pairs a delivery with what it carries.
    public init(delivery: Delivery, payload: Payload) {
        self.delivery = delivery
        self.payload = payload
    }
}

/// The outcome of one attempt, as the dispatcher records it.
public enum DeliveryResult: Sendable, Hashable {
    /// Delivered; the upstream's receipt number if it gave one.
    case delivered(receipt: String?)
    /// Failed; try again at `nextAttemptAt`.
    case retry(error: String, nextAttemptAt: Date)
    /// Failed for good.
    case dead(error: String)
}

/// What a replay of dead deliveries did.
public struct DeliveryReplay: Sendable, Hashable {
    /// How many were made pending again.
    public var replayed: Int
    /// The ids left dead because a later report about the same subject reached their target first.
    public var heldBack: [String]

    /// Creates an outcome.
    public init(replayed: Int, heldBack: [String]) {
        self.replayed = replayed
        self.heldBack = heldBack
    }
}

/// One target's outstanding work, for metrics and operators.
public struct TargetBacklog: Sendable, Hashable {
    /// The target.
    public var target: String
    /// Deliveries per state.
    public var counts: [DeliveryState: Int]
    /// When the oldest outstanding delivery was created.
    public var oldestOutstanding: Date?

    /// Creates a backlog summary.
    public init(target: String, counts: [DeliveryState: Int], oldestOutstanding: Date?) {
        self.target = target
        self.counts = counts
        self.oldestOutstanding = oldestOutstanding
    }
}

/// The newest link of the audit chain, kept beside it so truncating the chain shows.
public struct AuditHead: Sendable, Hashable {
    /// The newest entry's sequence.
    public var sequence: Int64
    /// The newest entry's hash.
    public var hash: String

    /// Creates a head.
    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}
