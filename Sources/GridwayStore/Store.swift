import Foundation
import GridwayCore

/// Durable storage for everything Gridway must not lose: credentials, submissions and the audit chain.
///
/// Every write that returns has been committed durably, and every write appends its audit entry in
/// the same transaction.
public protocol Store: Sendable, DeliveryQueue, ResultStore, AggregateStore, BurdenStore, PortalUserStore, SubjectStore,
    RetentionStore, DeadlineStore
{
    /// Throws unless the store can serve reads and writes.
    func checkReadiness() async throws

    /// Creates a credential for a freshly generated key (only its hash is stored) and audits it.
    func createCredential(name: String, role: CredentialRole, keyHash: String, by actor: String) async throws
        -> Credential

    /// The active credential whose key hashes to `keyHash`, if any.
    func activeCredential(keyHash: String) async throws -> Credential?

    /// Every credential, newest first, revoked ones included.
    func credentials() async throws -> [Credential]

    /// Revokes a credential; returns `false` when there is no active credential with that id.
    func revokeCredential(id: String, by actor: String) async throws -> Bool

    /// Stores a validated submission with one pending delivery per target, or explains why it was not stored.
    ///
    /// A correction goes to the targets of the submission it supersedes instead: as a correction
    /// where the original was delivered, and in place of the original where it was not yet.
    /// With an `aggregation` plan the submission's rollups (and a correction's removal of the
    /// superseded one's) are written in the same transaction, and so are its `burden` figures.
    func submit(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, targets: [String],
        aggregation: AggregatePlan?, burden: BurdenPlan?
    ) async throws -> SubmissionOutcome

    /// The submission with this id, if any.
    func submission(id: String) async throws -> Submission?

    /// Submissions matching `query`, newest first.
    func submissions(matching query: SubmissionQuery) async throws -> Page<Submission>

    /// The audit log from `sequence` on, in order.
    func auditEntries(from sequence: Int64, limit: Int) async throws -> [AuditEntry]

    /// The newest link of the audit chain as recorded beside it, or `nil` before the first entry.
    func auditHead() async throws -> AuditHead?

    // MARK: Deliveries

    /// The deliveries of each of `ids`, in target order, by submission id (a listing reads one page in one query).
    func deliveries(ofSubmissions ids: [String]) async throws -> [String: [Delivery]]

    /// Deliveries matching `query`, newest first.
    func deliveries(matching query: DeliveryQuery) async throws -> Page<Delivery>

    /// Makes dead deliveries pending again: the ones listed, or with `ids` empty every dead one of `target`,
    /// each audited. One whose target has meanwhile received, or is receiving, a later report about the
    /// same subject (``Delivery/orderKey``) would arrive after it: it stays dead and is held back, unless
    /// `outOfOrder` says to replay it all the same.
    func replayDeadDeliveries(ids: [String], target: String?, outOfOrder: Bool, by actor: String) async throws
        -> DeliveryReplay

    /// Pauses or resumes deliveries to a target (audited).
    func setTarget(_ target: String, paused: Bool, by actor: String) async throws

    /// Outstanding work per target.
    func deliveryBacklog() async throws -> [TargetBacklog]
}

extension Store {
    /// The deliveries of one submission, in target order.
    public func deliveries(ofSubmission id: String) async throws -> [Delivery] {
        try await deliveries(ofSubmissions: [id])[id] ?? []
    }
    /// Stores a submission without burden figures; see ``submit(_:idempotencyKey:by:targets:aggregation:burden:)``.
    public func submit(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, targets: [String],
        aggregation: AggregatePlan?
    ) async throws -> SubmissionOutcome {
        try await submit(
            request, idempotencyKey: idempotencyKey, by: credential, targets: targets, aggregation: aggregation,
            burden: nil)
    }

    /// Stores a submission without rollups; see ``submit(_:idempotencyKey:by:targets:aggregation:burden:)``.
    public func submit(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, targets: [String]
    )
        async throws -> SubmissionOutcome
    {
        try await submit(request, idempotencyKey: idempotencyKey, by: credential, targets: targets, aggregation: nil)
    }

    /// Stores a submission that no target consumes; see ``submit(_:idempotencyKey:by:targets:aggregation:burden:)``.
    public func submit(_ request: SubmissionRequest, idempotencyKey: String, by credential: Credential) async throws
        -> SubmissionOutcome
    {
        try await submit(request, idempotencyKey: idempotencyKey, by: credential, targets: [])
    }

    /// Walks the whole audit chain and reports the first broken link, if any.
    public func verifyAuditChain(batchSize: Int = 1000) async throws -> AuditVerification {
        var verifier = AuditChainVerifier()
        var next: Int64 = 1
        while true {
            let entries = try await auditEntries(from: next, limit: batchSize)
            for entry in entries {
                if let broken = verifier.check(entry) { return broken }
            }
            guard let last = entries.last, entries.count == batchSize else { break }
            next = last.sequence + 1
        }
        let head = try await auditHead()
        if let head, head.sequence != Int64(verifier.count) || head.hash != verifier.lastHash {
            return .broken(
                sequence: Int64(verifier.count + 1),
                reason:
                    "the chain ends at entry \(verifier.count) but its recorded head is entry \(head.sequence): entries were deleted from its end"
            )
        }
        if head == nil && verifier.count > 0 {
            return .broken(sequence: 1, reason: "the chain's recorded head is missing")
        }
        return .intact(entries: verifier.count)
    }
}
