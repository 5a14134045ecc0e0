import Foundation
import GRDB
import GridwayCore
import GridwayStore

/// Appends hash-chained entries to the `audit` table inside one transaction.
///
/// It reads the chain's head once, when the transaction starts, carries it from entry to entry, and
/// records the new head in `audit_head` with each entry, so a truncated chain does not go unnoticed.
struct AuditLog {
    private let db: Database
    private var sequence: Int64
    private var previousHash: String

    /// Starts appending after the current head of the chain.
    init(_ db: Database) throws {
        self.db = db
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT sequence, hash FROM audit_head"))
        sequence = head?["sequence"] ?? 0
        previousHash = head?["hash"] ?? AuditEntry.genesisHash
    }

    /// Appends the entry of `event`, a write `actor` made in the same transaction.
    mutating func append(_ event: AuditEvent, by actor: String, at: Date) throws {
        let (action, subject, detail) = (event.action, event.subject, event.detail)
        let at = EpochMilliseconds.date(EpochMilliseconds.of(at))
        let entry = AuditEntry(
            sequence: sequence + 1, at: at, actor: actor, action: action, subject: subject, detail: detail,
            previousHash: previousHash,
            hash: AuditEntry.expectedHash(
                sequence: sequence + 1, at: at, actor: actor, action: action, subject: subject, detail: detail,
                previousHash: previousHash))
        let record = AuditRecord(entry)
        try db.cachedStatement(
            sql: """
                INSERT INTO audit (sequence, atMillis, actor, action, subject, detail, previousHash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.sequence, record.atMillis, record.actor, record.action, record.subject, record.detail,
            record.previousHash, record.hash,
        ])
        let head = [entry.sequence.databaseValue, entry.hash.databaseValue]
        if entry.sequence == 1 {
            try db.cachedStatement(sql: "INSERT INTO audit_head (sequence, hash) VALUES (?, ?)").execute(
                arguments: StatementArguments(head))
        } else {
            try db.cachedStatement(sql: "UPDATE audit_head SET sequence = ?, hash = ?").execute(
                arguments: StatementArguments(head))
        }
        sequence = entry.sequence
        previousHash = entry.hash
    }
}
