import Foundation
import GridwayCore
import GridwayStore
import Testing

@Suite(.timeLimit(.minutes(3))) struct AuditChainTests {
    /// Makes five audited writes.
    private func populate(_ store: any Store) async throws {
        for index in 1...5 {
            _ = try await store.createCredential(
                name: "staff \(index)", role: .staff(unit: "210102001"), keyHash: "hash\(index)", by: "system")
        }
    }

    @Test(arguments: StoreBackend.all) func intactChainVerifies(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            try await populate(temporary.store)
            #expect(try await temporary.store.verifyAuditChain(batchSize: 2) == .intact(entries: 5))
        }
    }

    @Test(
        arguments: StoreBackend.all,
        [
            ("UPDATE audit SET subject = 'key_forged' WHERE sequence = 3", Int64(3)),
            ("UPDATE audit SET detail = '{\"role\":\"admin\"}' WHERE sequence = 2", Int64(2)),
            ("DELETE FROM audit WHERE sequence = 4", Int64(4)),
            ("DELETE FROM audit WHERE sequence = 5", Int64(5)),
            ("UPDATE audit SET sequence = sequence + 10 WHERE sequence >= 3", Int64(3)),
        ])
    func tamperingIsFoundAtTheFirstBrokenEntry(_ backend: StoreBackend, tampering: (sql: String, brokenAt: Int64))
        async throws
    {
        try await backend.withStore { temporary in
            try await populate(temporary.store)
            try await temporary.tamper(tampering.sql)
            let verdict = try await temporary.store.verifyAuditChain(batchSize: 2)
            guard case .broken(let sequence, _) = verdict else {
                Issue.record("tampering with \(tampering.sql) was not detected")
                return
            }
            #expect(sequence == tampering.brokenAt)
        }
    }

    @Test(arguments: StoreBackend.all) func insertedEntryBreaksTheChain(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            try await populate(temporary.store)
            try await temporary.tamper(
                """
                UPDATE audit SET sequence = -sequence - 1 WHERE sequence >= 3;
                UPDATE audit SET sequence = -sequence WHERE sequence < 0;
                INSERT INTO audit VALUES (3, 0, 'x', 'credential.created', 'key_x', '{}', 'forged', 'forged');
                """)
            #expect(
                try await temporary.store.verifyAuditChain()
                    == .broken(
                        sequence: 3,
                        reason: "previous-hash does not match entry 2: an entry was inserted, deleted or edited"))
        }
    }
}
