import Foundation
import GRDB
import GridwayCore

/// Appends hash-chained entries to the `audit` table inside the caller's transaction.
enum AuditLog {
    static func append(
        _ db: Database, actor: String, action: String, subject: String, detail: JSONValue, at: Date
    ) throws {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
        let sequence: Int64 = (last?["sequence"] ?? 0) + 1
        let previousHash: String = last?["hash"] ?? AuditEntry.genesisHash
        let millisecondAt = EpochMilliseconds.date(EpochMilliseconds.of(at))
        let hash = AuditEntry.expectedHash(
            sequence: sequence, at: millisecondAt, actor: actor, action: action, subject: subject, detail: detail,
            previousHash: previousHash)
        try AuditRecord(
            AuditEntry(
                sequence: sequence, at: millisecondAt, actor: actor, action: action, subject: subject, detail: detail,
                previousHash: previousHash, hash: hash)
        ).insert(db)
    }
}
