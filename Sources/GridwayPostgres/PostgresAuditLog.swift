import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// Appends hash-chained entries to `audit` inside one transaction, whichever replica runs it.
///
/// It locks the chain's head row (`SELECT … FOR UPDATE`) when the transaction begins, so audited
/// transactions of every replica append one after another and each sees the head its predecessor
/// committed. Entries are gathered and written, with the new head, in one statement before commit.
struct PostgresAuditLog {
    private var sequence: Int64
    private var previousHash: String
    private var pending: [AuditEntry] = []

    /// Locks the head of the chain for the rest of the transaction on `connection`.
    init(locking connection: PostgresConnection, logger: Logger) async throws {
        guard
            let head = try await connection.row(
                "SELECT sequence, hash FROM audit_head FOR UPDATE", logger: logger)
        else {
            throw StoreError.corruptRow(table: "audit_head", id: "head", reason: "the chain's head row is missing")
        }
        sequence = try head.value("sequence")
        previousHash = try head.value("hash")
    }

    /// Appends one entry for a write made in the same transaction.
    mutating func append(actor: String, action: String, subject: String, detail: JSONValue, at: Date) {
        let at = EpochMilliseconds.date(EpochMilliseconds.of(at))
        let next = sequence + 1
        let hash = AuditEntry.expectedHash(
            sequence: next, at: at, actor: actor, action: action, subject: subject, detail: detail,
            previousHash: previousHash)
        pending.append(
            AuditEntry(
                sequence: next, at: at, actor: actor, action: action, subject: subject, detail: detail,
                previousHash: previousHash, hash: hash))
        sequence = next
        previousHash = hash
    }

    /// Writes the entries appended so far and the chain's new head.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        guard !pending.isEmpty else { return }
        let entries = pending
        pending.removeAll()
        try await connection.run(
            """
            INSERT INTO audit (sequence, atMillis, actor, action, subject, detail, previousHash, hash)
            SELECT * FROM unnest(\(entries.map(\.sequence))::bigint[], \(entries.map { EpochMilliseconds.of($0.at) })::bigint[],
                                 \(entries.map(\.actor))::text[], \(entries.map(\.action))::text[],
                                 \(entries.map(\.subject))::text[],
                                 \(entries.map { $0.detail.serializedString(sortedKeys: true) })::text[],
                                 \(entries.map(\.previousHash))::text[], \(entries.map(\.hash))::text[])
            """, logger: logger)
        try await connection.run("UPDATE audit_head SET sequence = \(sequence), hash = \(previousHash)", logger: logger)
    }
}
