/// The verdict of walking the audit chain.
public enum AuditVerification: Sendable, Hashable {
    /// Every link holds.
    case intact(entries: Int)
    /// The chain breaks at `sequence` for `reason`: an edited, inserted or deleted row.
    case broken(sequence: Int64, reason: String)
}

/// Checks audit entries one by one, in sequence order.
public struct AuditChainVerifier: Sendable {
    private var previousHash = AuditEntry.genesisHash
    private var expectedSequence: Int64 = 1

    /// How many entries were checked and found intact.
    public private(set) var count = 0

    /// The hash of the last intact entry (the genesis hash before the first).
    public var lastHash: String { previousHash }

    /// Creates a verifier positioned at the start of the chain.
    public init() {}

    /// Checks the next entry; returns the verdict if the chain breaks here.
    public mutating func check(_ entry: AuditEntry) -> AuditVerification? {
        if entry.sequence != expectedSequence {
            return .broken(
                sequence: expectedSequence,
                reason:
                    "expected entry \(expectedSequence) but found \(entry.sequence): an entry was deleted or inserted")
        }
        if entry.previousHash != previousHash {
            return .broken(
                sequence: entry.sequence,
                reason:
                    "previous-hash does not match entry \(entry.sequence - 1): an entry was inserted, deleted or edited"
            )
        }
        let expected = AuditEntry.expectedHash(
            sequence: entry.sequence, at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject,
            detail: entry.detail, previousHash: entry.previousHash)
        if entry.hash != expected {
            return .broken(sequence: entry.sequence, reason: "hash does not match its contents: the entry was edited")
        }
        previousHash = entry.hash
        expectedSequence += 1
        count += 1
        return nil
    }
}
