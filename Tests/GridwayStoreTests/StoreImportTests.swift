import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Testing

@testable import GridwayPostgres

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A populated SQLite store copied into PostgreSQL answers every read the same way.
@Suite(.timeLimit(.minutes(3))) struct StoreImportTests {
    private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

    /// Submissions (one corrected) with rollups, burden figures and deliveries in every state, a result with a notify
    /// delivery and an acknowledgement, a paused target, a key and a portal user with a session.
    private func populate(_ store: SQLiteStore) async throws {
        let catalog = try ContractCatalog.load(directory: repositoryRoot.appendingPathComponent("contracts"))
        let tree = try OrgUnitTree.load(contentsOf: repositoryRoot.appendingPathComponent("contracts/units.json"))
        let contract = try #require(catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        var firstID = ""
        for index in 0..<8 {
            let unit = ["210102001001", "210102001002", "210102002001"][index % 3]
            let request = SubmissionRequest(
                contract: contract.ref, unit: unit, period: "2026-11",
                data: ["visitType": "home", "healthStatus": "good", "durationMinutes": .integer(Int64(10 + index))],
                supersedes: index == 6 ? firstID : nil)
            let outcome = try await store.submit(
                request, idempotencyKey: "k\(index)", by: staff, targets: ["civil", "health"],
                aggregation: AggregatePlan(contract: contract, unit: unit, tree: tree),
                burden: BurdenPlan(
                    figures: BurdenFigures(
                        submissions: 1, fieldsTyped: Int64(index), fieldsKept: 3, valuesDelivered: 5, formsReplaced: 2),
                    contract: contract.ref, unit: unit, period: "2026-11", tree: tree))
            guard case .accepted(let submission, _) = outcome else { throw CancellationError() }
            if index == 0 { firstID = submission.id }
        }
        for claimed in try await store.claimDueDeliveries(target: "civil", limit: 3, lease: .seconds(60)) {
            _ = try await store.record(
                .delivered(receipt: "MZ-\(claimed.delivery.id.suffix(4))"), forDelivery: claimed.delivery.id)
        }
        if let claimed = try await store.claimDueDeliveries(target: "health", limit: 1, lease: .seconds(60)).first {
            _ = try await store.record(.dead(error: "400 refused"), forDelivery: claimed.delivery.id)
        }
        try await store.setTarget("health", paused: true, by: "key_admin")
        _ = try await store.createCredential(name: "街道", role: .staff(unit: "210102001"), keyHash: "h1", by: "cli")
        guard
            case .published(let result) = try await store.publish(
                ResultRequest(
                    kind: .notice, title: "停水通知", body: "明日停水", audience: .unit("210102001", scope: .subtree)),
                addressedCount: 4, notifying: [NotifyRoute(unit: "210102001001", target: "community-app")],
                idempotencyKey: "r1", sentBy: "key_district")
        else { throw CancellationError() }
        _ = try await store.acknowledge(result: result.id, unit: "210102001001", by: "key_community")
        let user = try #require(
            try await store.createPortalUser(
                username: "liximei", displayName: "李晓梅", role: .staff(unit: "210102001"), passwordHash: "scrypt$x",
                by: "key_admin"))
        let now = EpochMilliseconds.date(EpochMilliseconds.of(Date()))
        try await store.beginPortalSession(
            PortalSession(tokenHash: "t1", principal: .user(user.id), createdAt: now, expiresAt: now + 3600),
            actor: user.id)
    }

    /// Every read the API serves from a store, in one comparable value.
    private func answers(_ store: any Store) async throws -> [String] {
        let submissions = try await store.submissions(matching: SubmissionQuery(limit: 100)).items
        let inbox = try await store.inbox(
            InboxQuery(unit: "210102001001", ancestors: ["210102001", "210102", "2101", "21"]))
        var answers = [
            "\(submissions)",
            "\(try await store.deliveries(ofSubmissions: submissions.map(\.id)).sorted { $0.key < $1.key })",
            "\(try await store.deliveries(matching: DeliveryQuery(limit: 100)).items)",
            "\(inbox.items)", "\(try await store.pausedTargets().sorted())", "\(try await store.credentials())",
            "\(try await store.portalUsers())", "\(try await store.auditEntries(from: 1, limit: 1000))",
            "\(String(describing: try await store.auditHead()))",
            "\(try await store.deliveryBacklog().map { ($0.target, $0.counts.sorted { $0.key.rawValue < $1.key.rawValue }, $0.oldestOutstanding) })",
        ]
        for unit in ["21", "210102", "210102001", "210102001001"] {
            let rows = try await store.aggregates(
                contract: try ContractRef(parsing: "elderly-visit@1"), period: "2026-11", units: [unit], dimension: nil)
            answers.append("\(rows.sorted { $0.key.cell.measure < $1.key.cell.measure })")
            answers.append("\(try await store.burden(contract: BurdenRowKey.all, period: "2026-11", units: [unit]))")
        }
        if let result = inbox.items.first?.result {
            answers.append("\(try await store.deliveries(ofResult: result.id))")
            answers.append("\(try await store.acknowledgements(ofResult: result.id).sorted { $0.key < $1.key })")
        }
        return answers
    }

    /// Expects `copy` to answer every read as `source` does, naming the first read that differs.
    private func expectSameAnswers(_ copy: any Store, _ source: any Store) async throws {
        let (copied, original) = (try await answers(copy), try await answers(source))
        #expect(copied.count == original.count)
        for (index, (left, right)) in zip(copied, original).enumerated() where left != right {
            Issue.record("read \(index) differs:\n\(left)\n≠\n\(right)")
            return
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set"))
    func aCopiedStoreAnswersLikeItsSourceAndCopyingAgainBringsItUpToDate() async throws {
        let sqlite = try TemporaryStore()
        let source = try #require(sqlite.sqlite)
        try await populate(source)
        try await StoreBackend.postgres.withStore { postgres in
            let destination = try #require(postgres.store as? PostgresStore)
            let report = try await destination.importStore(from: source)
            #expect(report.isComplete, "\(report)")
            #expect(report.counts.first { $0.table == "submission" }?.destination == 8)
            try await expectSameAnswers(destination, source)

            // The source moves on; a second copy brings the destination up to date.
            _ = try await source.submit(
                SubmissionRequest(
                    contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-12",
                    data: ["durationMinutes": 5]),
                idempotencyKey: "later", by: staff, targets: ["civil"])
            try await source.setTarget("health", paused: false, by: "key_admin")
            let again = try await destination.importStore(from: source)
            #expect(again.isComplete, "\(again)")
            try await expectSameAnswers(destination, source)
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set"))
    func aDatabaseHoldingAnotherChainIsRefusedUntouched() async throws {
        let sqlite = try TemporaryStore()
        let source = try #require(sqlite.sqlite)
        try await populate(source)
        try await StoreBackend.postgres.withStore { postgres in
            let destination = try #require(postgres.store as? PostgresStore)
            _ = try await destination.createCredential(name: "其他", role: .admin, keyHash: "other", by: "system")
            await #expect(throws: StoreImportError.self) { try await destination.importStore(from: source) }
            #expect(try await destination.submissions(matching: SubmissionQuery()).items.isEmpty)
            #expect(try await destination.verifyAuditChain() == .intact(entries: 1))
        }
    }
}
