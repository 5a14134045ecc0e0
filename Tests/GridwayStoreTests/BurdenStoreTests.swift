import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import Testing

@testable import GridwayStore

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let admin = Credential(id: "key_admin", name: "admin", role: .admin, createdAt: Date())

/// Burden rows on both engines: each accepted submission adds its figures to its unit and every
/// ancestor, per contract and period and for all of them, in its own transaction.
@Suite(.timeLimit(.minutes(3))) struct BurdenStoreTests {
    let tree: OrgUnitTree
    let visit = try! ContractRef(parsing: "elderly-visit@1")
    let incident = try! ContractRef(parsing: "grid-incident@1")

    init() throws {
        tree = try OrgUnitTree.load(contentsOf: repositoryRoot.appendingPathComponent("contracts/units.json"))
    }

    /// Stores a submission with `figures`; returns whether it was newly accepted.
    @discardableResult
    private func submit(
        _ store: any Store, _ contract: ContractRef, unit: String, period: String?, figures: BurdenFigures,
        key: String = UUID().uuidString
    ) async throws -> Bool {
        let request = SubmissionRequest(contract: contract, unit: unit, period: period, data: ["n": .string(key)])
        let plan = BurdenPlan(figures: figures, contract: contract, unit: unit, period: period, tree: tree)
        let outcome = try await store.submit(
            request, idempotencyKey: key, by: admin, targets: [], aggregation: nil, burden: plan)
        if case .accepted = outcome { return true }
        return false
    }

    private func figures(_ typed: Int64, _ kept: Int64, _ delivered: Int64, _ forms: Int64, submissions: Int64 = 1)
        -> BurdenFigures
    {
        BurdenFigures(
            submissions: submissions, fieldsTyped: typed, fieldsKept: kept, valuesDelivered: delivered,
            formsReplaced: forms)
    }

    @Test func aBatchAddsEachSubmissionToEveryRowOfItsPlan() {
        func plan(_ contract: ContractRef, _ unit: String, _ period: String?, _ figures: BurdenFigures) -> BurdenPlan {
            BurdenPlan(figures: figures, contract: contract, unit: unit, period: period, tree: tree)
        }
        let (a, b, c) = (figures(6, 5, 11, 2), figures(11, 0, 4, 1), figures(3, 1, 0, 0))
        var buffer = BurdenBuffer()
        for submission in [
            plan(visit, "210102001001", "2026-11", a), plan(visit, "210102001002", "2026-11", b),
            plan(incident, "210102001001", nil, c), plan(visit, "210102001001", "2026-11", a),
        ] {
            buffer.add(submission)
        }
        let rows = Dictionary(uniqueKeysWithValues: buffer.drain().map { ($0.key, $0.figures) })
        func row(_ contract: String, _ period: String, _ unit: String) -> BurdenFigures? {
            rows[BurdenRowKey(contract: contract, period: period, unit: unit)]
        }
        let all = BurdenRowKey.all
        #expect(row(visit.description, "2026-11", "210102001001") == figures(12, 10, 22, 4, submissions: 2))
        #expect(row(visit.description, "2026-11", "210102001") == figures(23, 10, 26, 5, submissions: 3))
        #expect(row(all, all, "210102001001") == figures(15, 11, 22, 4, submissions: 3))
        #expect(row(all, all, "21") == figures(26, 11, 26, 5, submissions: 4))
        #expect(row(incident.description, "2026-11", "210102001001") == nil, "the incident has no period")
        #expect(buffer.isEmpty, "draining empties the buffer")
    }

    @Test(arguments: StoreBackend.all) func figuresRollUpEveryAncestorPerContractAndPeriod(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            try await submit(
                store, visit, unit: "210102001001001", period: "2026-11", figures: figures(6, 5, 11, 2), key: "a")
            try await submit(store, visit, unit: "210102001002", period: "2026-12", figures: figures(11, 0, 4, 1))
            try await submit(store, incident, unit: "210102001001", period: nil, figures: figures(3, 1, 0, 0))
            #expect(
                try await submit(
                    store, visit, unit: "210102001001001", period: "2026-11", figures: figures(6, 5, 11, 2), key: "a")
                    == false, "a replay adds nothing")
            let all = BurdenRowKey.all
            func read(_ contract: String, _ period: String, _ units: [String]) async throws -> [String: BurdenFigures] {
                try await store.burden(contract: contract, period: period, units: units)
            }
            let everything = try await read(
                all, all, ["21", "210102", "210102001", "210102001001", "210102001002", "210102002"])
            #expect(everything["21"] == figures(20, 6, 15, 3, submissions: 3))
            #expect(everything["210102001"] == figures(20, 6, 15, 3, submissions: 3))
            #expect(everything["210102001001"] == figures(9, 6, 11, 2, submissions: 2))
            #expect(everything["210102001002"] == figures(11, 0, 4, 1))
            #expect(everything["210102002"] == nil, "a unit whose subtree submitted nothing has no row")
            #expect(
                try await read(visit.description, all, ["210102"])["210102"] == figures(17, 5, 15, 3, submissions: 2))
            #expect(try await read(visit.description, "2026-11", ["210102"])["210102"] == figures(6, 5, 11, 2))
            #expect(try await read(all, "2026-12", ["2101"])["2101"] == figures(11, 0, 4, 1))
            #expect(
                try await read(incident.description, "", ["21"])["21"] == figures(3, 1, 0, 0), "no period is its own")
        }
    }

    @Test(arguments: StoreBackend.all) func concurrentSubmissionsMergedInOneCommitAddUpExactly(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let grids = ["210102001001001", "210102001001002", "210102001002001", "210102001002002"]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await submit(
                            store, visit, unit: grids[index % grids.count], period: "2026-11",
                            figures: figures(Int64(index % 7), Int64(index % 3), Int64(index), 2))
                    }
                }
                try await group.waitForAll()
            }
            let expected = (0..<40).reduce(into: BurdenFigures()) {
                $0.add(figures(Int64($1 % 7), Int64($1 % 3), Int64($1), 2))
            }
            let rows = try await store.burden(
                contract: visit.description, period: "2026-11", units: ["21", "210102001001"])
            #expect(rows["21"] == expected)
            #expect(rows["210102001001"]?.submissions == 20)
        }
    }

    /// A replica of the previous version seals the audit entries and rollups but not the burden
    /// increments it does not know: a read must still fold them in before it answers.
    @Test(arguments: StoreBackend.all.filter { $0 == .postgres })
    func figuresLeftPendingAloneAreSealedBeforeARead(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            try await submit(store, visit, unit: "210102001001", period: "2026-11", figures: figures(6, 5, 11, 2))
            // A read seals the submission's entries, rollups and figures: nothing else is pending after it.
            _ = try await store.burden(contract: BurdenRowKey.all, period: BurdenRowKey.all, units: ["21"])
            try await temporary.tamper(
                """
                INSERT INTO burden_pending (contract, period, unit, submissions, fieldsTyped, fieldsKept, valuesDelivered,
                                            formsReplaced)
                VALUES ('{*}', '{*}', '{21}', '{1}', '{3}', '{0}', '{0}', '{0}')
                """)
            let read = try await store.burden(contract: BurdenRowKey.all, period: BurdenRowKey.all, units: ["21"])
            #expect(read["21"] == figures(9, 5, 11, 2, submissions: 2))
        }
    }
}
