import Foundation
import GridwayCore

/// Durable storage for everything Gridway must not lose: credentials, submissions and the audit chain.
///
/// Every write that returns has been committed durably, and every write appends its audit entry in
/// the same transaction.
public protocol Store: Sendable {
    /// Throws unless the store can serve reads and writes.
    func checkReadiness() async throws

    /// Creates a credential for a freshly generated key (only its hash is stored) and audits it.
    func createCredential(name: String, role: CredentialRole, keyHash: String, by actor: String) async throws -> Credential

    /// The active credential whose key hashes to `keyHash`, if any.
    func activeCredential(keyHash: String) async throws -> Credential?

    /// Every credential, newest first, revoked ones included.
    func credentials() async throws -> [Credential]

    /// Revokes a credential; returns `false` when there is no active credential with that id.
    func revokeCredential(id: String, by actor: String) async throws -> Bool

    /// Stores a validated submission, or explains why it was not stored.
    func submit(_ request: SubmissionRequest, idempotencyKey: String, by credential: Credential) async throws
        -> SubmissionOutcome

    /// The submission with this id, if any.
    func submission(id: String) async throws -> Submission?

    /// Submissions matching `query`, newest first.
    func submissions(matching query: SubmissionQuery) async throws -> Page<Submission>

    /// The audit log from `sequence` on, in order.
    func auditEntries(from sequence: Int64, limit: Int) async throws -> [AuditEntry]

    /// How many audit entries the stored rows imply (one per credential created or revoked, one per
    /// submission): a chain shorter than this lost entries at its end.
    func auditedWriteCount() async throws -> Int
}

extension Store {
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
        let expected = try await auditedWriteCount()
        if verifier.count < expected {
            return .broken(
                sequence: Int64(verifier.count + 1),
                reason: "the chain ends after \(verifier.count) entries but the store holds \(expected) audited writes: entries were deleted from its end")
        }
        return .intact(entries: verifier.count)
    }
}
