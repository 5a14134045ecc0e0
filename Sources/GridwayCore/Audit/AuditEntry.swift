import Foundation
import GridwayJSON
import OrderedCollections

/// One link of the hash-chained audit log.
public struct AuditEntry: Sendable, Hashable {
    /// Position in the chain, from 1 without gaps.
    public var sequence: Int64
    /// When the audited write happened.
    public var at: Date
    /// The credential id (or `system`) that made the write.
    public var actor: String
    /// What happened, e.g. `submission.accepted`, `credential.revoked`.
    public var action: String
    /// What it happened to, e.g. a submission or credential id.
    public var subject: String
    /// Facts about the write; never secrets or PII.
    public var detail: JSONValue
    /// Hash of the previous entry (64 zeros for the first).
    public var previousHash: String
    /// This entry's hash over the previous hash and its own fields.
    public var hash: String

    /// Creates an entry from its stored fields.
    public init(
        sequence: Int64, at: Date, actor: String, action: String, subject: String, detail: JSONValue,
        previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash that an entry with these fields must carry.
    public static func expectedHash(
        sequence: Int64, at: Date, actor: String, action: String, subject: String, detail: JSONValue,
        previousHash: String
    ) -> String {
        let fields: JSONValue = .object([
            "sequence": .integer(sequence),
            "at": .integer(EpochMilliseconds.of(at)),
            "actor": .string(actor),
            "action": .string(action),
            "subject": .string(subject),
            "detail": detail,
            "previousHash": .string(previousHash),
        ])
        return SHA256Hex.of(fields.canonicalBytes())
    }

    /// The hash the chain starts from.
    public static let genesisHash = String(repeating: "0", count: 64)
}
