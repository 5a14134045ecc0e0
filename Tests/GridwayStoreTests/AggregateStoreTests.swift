import Foundation
import GRDB
import GridwayCore
import Testing

@testable import GridwayStore

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let admin = Credential(id: "key_admin", name: "admin", role: .admin, createdAt: Date())
private let period = "2026-11"

/// The elderly-visit contract with the repository's org-unit tree, or another tree.
private struct Fixture {
    let contract: Contract
    let tree: OrgUnitTree

    init(tree: OrgUnitTree? = nil) throws {
        let catalog = try ContractCatalog.load(directory: repositoryRoot.appendingPathComponent("contracts"))
        contract = try #require(catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        self.tree =
            try tree ?? OrgUnitTree.load(contentsOf: repositoryRoot.appendingPathComponent("contracts/units.json"))
    }

    func plan(_ unit: String) -> AggregatePlan? {
        AggregatePlan(contract: contract, unit: unit, tree: tree)
    }

    func rebuildPlan() -> @Sendable (Submission) -> AggregatePlan? {
        let contract = contract
        let tree = tree
        return { AggregatePlan(contract: contract, unit: $0.request.unit, tree: tree) }
    }

    /// Submits a visit (or a correction) with rollups and returns its id.
    func submit(
        _ store: any Store, unit: String, minutes: Int, type: String = "home", in period: String = period,
        supersedes: String? = nil
    ) async throws -> String {
        let request = SubmissionRequest(
            contract: contract.ref, unit: unit, period: period,
            data: ["visitType": .string(type), "healthStatus": "good", "durationMinutes": .integer(Int64(minutes))],
            supersedes: supersedes)
        let outcome = try await store.submit(
            request, idempotencyKey: UUID().uuidString, by: admin, targets: [], aggregation: plan(unit))
        guard case .accepted(let submission, _) = outcome else {
            Issue.record("expected acceptance, got \(outcome)")
            throw CancellationError()
        }
        return submission.id
    }

    func totals(_ store: any Store, _ unit: String, dimension: String? = nil) async throws -> [String:
        AggregateFigures]
    {
        let rows = try await store.aggregates(
            contract: contract.ref, period: period, units: [unit], dimension: dimension)
        return Dictionary(
            uniqueKeysWithValues: rows.map { ($0.key.cell.measure + $0.key.cell.dimensionValue, $0.figures) })
    }
}

@Suite struct AggregateStoreTests {
    @Test(arguments: StoreBackend.all) func aSubmissionUpdatesItsUnitAndEveryAncestor(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try Fixture()
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 30)
            _ = try await fixture.submit(store, unit: "210102001002001", minutes: 50, type: "phone")
            for unit in ["210102001", "210102", "2101", "21"] {
                let totals = try await fixture.totals(store, unit)
                #expect(totals["visits"]?.values == 2, "\(unit)")
                #expect(totals["totalMinutes"]?.sum == 80, "\(unit)")
                #expect(totals["longestMinutes"]?.max == 50, "\(unit)")
            }
            #expect(try await fixture.totals(store, "210102001001")["totalMinutes"]?.sum == 30)
            #expect(try await fixture.totals(store, "210102002").isEmpty)
            let byType = try await fixture.totals(store, "210102001", dimension: "visitType")
            #expect(byType["totalMinutes\"home\""]?.sum == 30)
            #expect(byType["totalMinutes\"phone\""]?.sum == 50)
        }
    }

    @Test(arguments: StoreBackend.all) func aCorrectionSubtractsTheOldAndAddsTheNew(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try Fixture()
            let first = try await fixture.submit(store, unit: "210102001001001", minutes: 30, type: "home")
            _ = try await fixture.submit(store, unit: "210102001001002", minutes: 20)
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 45, type: "video", supersedes: first)
            let totals = try await fixture.totals(store, "210102")
            #expect(totals["visits"]?.values == 2)
            #expect(totals["totalMinutes"]?.sum == 65)
            let byType = try await fixture.totals(store, "210102", dimension: "visitType")
            #expect(byType["totalMinutes\"home\""]?.sum == 20)
            #expect(byType["visits\"video\""]?.values == 1)
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func theMaximumStaysRightWhenTheSubmissionHoldingItIsCorrected(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try Fixture()
            let longest = try await fixture.submit(store, unit: "210102001001001", minutes: 100)
            _ = try await fixture.submit(store, unit: "210102001001002", minutes: 50)
            _ = try await fixture.submit(store, unit: "210102001001", minutes: 70)
            _ = try await fixture.submit(store, unit: "210102002001001", minutes: 60)
            let corrected = try await fixture.submit(store, unit: "210102001001001", minutes: 30, supersedes: longest)
            #expect(try await fixture.totals(store, "210102001001001")["longestMinutes"]?.max == 30)
            #expect(try await fixture.totals(store, "210102001001")["longestMinutes"]?.max == 70)
            #expect(try await fixture.totals(store, "210102")["longestMinutes"]?.max == 70)
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 200, supersedes: corrected)
            #expect(try await fixture.totals(store, "21")["longestMinutes"]?.max == 200)
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func readingASubtreeIsOneKeyedLookupWhateverLiesBelow(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try Fixture()
            let grids = fixture.tree.units.filter { $0.level == .grid }.map(\.code)
            for index in 0..<60 {
                _ = try await fixture.submit(store, unit: grids[index % grids.count], minutes: index + 1)
            }
            let rows = try await store.aggregates(
                contract: fixture.contract.ref, period: period, units: ["21"], dimension: nil)
            #expect(rows.count == fixture.contract.measures.count)
            #expect(rows.first { $0.key.cell.measure == "visits" }?.figures.values == 60)
            // On SQLite, the plan shows the keyed lookup.
            if let sqlite = temporary.sqlite {
                let plan = try await sqlite.pool.read { db in
                    try Row.fetchAll(
                        db,
                        sql: """
                            EXPLAIN QUERY PLAN
                            SELECT * FROM aggregate WHERE contract = ? AND period = ? AND unit = ? AND dimension = ?
                            """,
                        arguments: ["elderly-visit@1", period, "21", ""]
                    ).map { $0["detail"] as String }
                }
                #expect(plan.count == 1)
                #expect(
                    plan.first?.contains("USING PRIMARY KEY (contract=? AND period=? AND unit=? AND dimension=?)") == true)
            }
        }
    }

    @Test(arguments: StoreBackend.all) func rebuildFindsAndFixesATamperedRow(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try Fixture()
            let first = try await fixture.submit(store, unit: "210102001001001", minutes: 30)
            _ = try await fixture.submit(store, unit: "210102003001001", minutes: 25, type: "phone")
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 35, supersedes: first)
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
            try await temporary.tamper(
                """
                UPDATE aggregate SET sum = sum + 1 WHERE unit = '210102' AND measure = 'totalMinutes' AND dimension = '';
                DELETE FROM aggregate WHERE unit = '21' AND measure = 'visits' AND dimension = ''
                """)
            let differences = try await store.rebuildAggregates(plan: fixture.rebuildPlan())
            #expect(differences.count == 2)
            #expect(differences.contains { $0.key.unit == "210102" && $0.stored?.sum == 61 && $0.expected?.sum == 60 })
            #expect(differences.contains { $0.key.unit == "21" && $0.stored == nil && $0.expected?.values == 2 })
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
            #expect(try await fixture.totals(store, "210102")["totalMinutes"]?.sum == 60)
        }
    }

    /// Random submissions and corrections over a generated tree: the incremental rollups equal a
    /// from-scratch recomputation at every unit and period (the rebuild compares every row).
    @Test(arguments: StoreBackend.all, [1, 7, 42] as [UInt64])
    func incrementalRollupsEqualARecomputation(_ backend: StoreBackend, seed: UInt64) async throws {
        try await backend.withStore { temporary in
            var random = SeededRandom(seed: seed)
            let tree = try generatedTree(&random)
            let store = temporary.store
            let fixture = try Fixture(tree: tree)
            var latest: [String: String] = [:]  // the newest submission per unit and period
            for _ in 0..<120 {
                let unit = tree.units[Int.random(in: 0..<tree.units.count, using: &random)].code
                let minutes = Int.random(in: 1...600, using: &random)
                let type = ["home", "phone", "video", "accompanied"][Int.random(in: 0..<4, using: &random)]
                let month = ["2026-10", "2026-11"][Int.random(in: 0..<2, using: &random)]
                let correcting = Bool.random(using: &random) ? latest[unit + month] : nil
                latest[unit + month] = try await fixture.submit(
                    store, unit: unit, minutes: minutes, type: type, in: month, supersedes: correcting)
            }
            let differences = try await store.rebuildAggregates(plan: fixture.rebuildPlan())
            #expect(differences.isEmpty, "\(differences.prefix(3))")
        }
    }

    /// A province, two cities, and below them districts, streets, communities and grids, 1–3 children each.
    private func generatedTree(_ random: inout SeededRandom) throws -> OrgUnitTree {
        var units = [OrgUnit(code: "21", name: "省", level: .province)]
        var frontier = ["21"]
        for level in [OrgUnitLevel.city, .district, .street, .community, .grid] {
            var next: [String] = []
            for parent in frontier {
                for index in 1...Int.random(in: 1...3, using: &random) {
                    let width = level == .city || level == .district ? 2 : 3
                    let code = parent + String(repeating: "0", count: width - String(index).count) + String(index)
                    units.append(OrgUnit(code: code, name: "单位\(code)", level: level))
                    next.append(code)
                }
            }
            frontier = next
        }
        return try OrgUnitTree(units: units)
    }
}

/// A reproducible generator (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
