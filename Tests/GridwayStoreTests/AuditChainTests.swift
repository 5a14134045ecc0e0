import Foundation
import GRDB
import GridwayCore
import Testing

@testable import GridwayStore

@Suite struct AuditChainTests {
    /// A store with five audited writes.
    private func populated() async throws -> TemporaryStore {
        let temporary = try TemporaryStore()
        for index in 1...5 {
            _ = try await temporary.store.createCredential(
                name: "staff \(index)", role: .staff(unit: "210102001"), keyHash: "hash\(index)", by: "system")
        }
        return temporary
    }

    /// Runs SQL behind the store's back, as someone with the database file would.
    private func tamper(_ temporary: TemporaryStore, _ sql: String) throws {
        let queue = try DatabaseQueue(path: temporary.path)
        try queue.write { db in try db.execute(sql: sql) }
    }

    @Test func intactChainVerifies() async throws {
        let temporary = try await populated()
        #expect(try await temporary.store.verifyAuditChain(batchSize: 2) == .intact(entries: 5))
    }

    @Test(arguments: [
        ("UPDATE audit SET subject = 'key_forged' WHERE sequence = 3", Int64(3)),
        ("UPDATE audit SET detail = '{\"role\":\"admin\"}' WHERE sequence = 2", Int64(2)),
        ("DELETE FROM audit WHERE sequence = 4", Int64(4)),
        ("DELETE FROM audit WHERE sequence = 5", Int64(5)),
        ("UPDATE audit SET sequence = sequence + 10 WHERE sequence >= 3", Int64(3)),
    ])
    func tamperingIsFoundAtTheFirstBrokenEntry(sql: String, brokenAt: Int64) async throws {
        let temporary = try await populated()
        try tamper(temporary, sql)
        let verdict = try await temporary.store.verifyAuditChain(batchSize: 2)
        guard case .broken(let sequence, _) = verdict else {
            Issue.record("tampering with \(sql) was not detected")
            return
        }
        #expect(sequence == brokenAt)
    }

    @Test func insertedEntryBreaksTheChain() async throws {
        let temporary = try await populated()
        try tamper(
            temporary,
            """
            UPDATE audit SET sequence = -sequence - 1 WHERE sequence >= 3;
            UPDATE audit SET sequence = -sequence WHERE sequence < 0;
            INSERT INTO audit VALUES (3, 0, 'x', 'credential.created', 'key_x', '{}', 'forged', 'forged');
            """)
        #expect(try await temporary.store.verifyAuditChain() == .broken(
            sequence: 3,
            reason: "previous-hash does not match entry 2: an entry was inserted, deleted or edited"))
    }
}
