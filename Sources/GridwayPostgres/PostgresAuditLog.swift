import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// Gathers the audit entries of one transaction and appends them, hash-chained, to `audit`, whichever
/// replica runs it.
///
/// The chain is one sequence, so appending locks its head row (`SELECT … FOR UPDATE`) until commit:
/// audited transactions of every replica append one after another and each sees the head its
/// predecessor committed. Entries are only gathered until ``flush(on:logger:)``, which locks the head
/// if ``lock(on:logger:)`` has not, so a transaction that needs no other mutual exclusion holds the
/// lock for its last statements and its commit only.
struct PostgresAuditLog {
    /// The entries gathered, chained (sequence and hashes set) only by ``flush(on:logger:)``.
    private var pending: [AuditEntry] = []
    private var head: (sequence: Int64, hash: String)?

    /// An empty log; the head is not locked yet.
    init() {}

    /// Whether no entry waits to be written.
    var isEmpty: Bool { pending.isEmpty }

    /// Locks the head of the chain for the rest of the transaction on `connection`, unless already locked.
    mutating func lock(on connection: PostgresConnection, logger: Logger) async throws {
        guard head == nil else { return }
        try await lock(on: connection, logger: logger, running: "SELECT sequence, hash FROM audit_head FOR UPDATE")
    }

    /// Runs `query`, which locks the head of the chain and returns its `sequence` and `hash` (and may
    /// write alongside, saving a round trip while the lock is held).
    mutating func lock(on connection: PostgresConnection, logger: Logger, running query: PostgresQuery) async throws {
        guard let row = try await connection.row(query, logger: logger) else {
            throw StoreError.corruptRow(table: "audit_head", id: "head", reason: "the chain's head row is missing")
        }
        head = (try row.value("sequence"), try row.value("hash"))
    }

    /// Gathers one entry for a write made in the same transaction.
    mutating func append(actor: String, action: String, subject: String, detail: JSONValue, at: Date) {
        pending.append(
            AuditEntry(
                sequence: 0, at: EpochMilliseconds.date(EpochMilliseconds.of(at)), actor: actor, action: action,
                subject: subject, detail: detail, previousHash: "", hash: ""))
    }

    /// Locks the head (if not yet locked), chains the entries gathered so far onto it and writes them
    /// with the chain's new head, in one statement.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        guard !pending.isEmpty else { return }
        try await lock(on: connection, logger: logger)
        guard let current = head else { return }
        var entries = pending
        pending.removeAll()
        var (sequence, previousHash) = current
        for index in entries.indices {
            sequence += 1
            entries[index].sequence = sequence
            entries[index].previousHash = previousHash
            let entry = entries[index]
            previousHash = AuditEntry.expectedHash(
                sequence: sequence, at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject,
                detail: entry.detail, previousHash: entry.previousHash)
            entries[index].hash = previousHash
        }
        head = (sequence, previousHash)
        try await connection.run(
            """
            WITH entries AS (
                INSERT INTO audit (sequence, atMillis, actor, action, subject, detail, previousHash, hash)
                SELECT * FROM unnest(\(entries.map(\.sequence))::bigint[],
                                     \(entries.map { EpochMilliseconds.of($0.at) })::bigint[],
                                     \(entries.map(\.actor))::text[], \(entries.map(\.action))::text[],
                                     \(entries.map(\.subject))::text[],
                                     \(entries.map { $0.detail.serializedString(sortedKeys: true) })::text[],
                                     \(entries.map(\.previousHash))::text[], \(entries.map(\.hash))::text[]))
            UPDATE audit_head SET sequence = \(sequence), hash = \(previousHash)
            """, logger: logger)
    }
}
