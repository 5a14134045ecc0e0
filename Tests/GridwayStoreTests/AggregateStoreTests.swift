import Foundation
import GRDB
import GridwayCore
import GridwayFiles
import GridwayJSON
import Testing

@testable import GridwaySQLite
@testable import GridwayStore

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let admin = Credential(id: "key_admin", name: "admin", role: .admin, createdAt: Date())
private let period = "2026-11"

/// The elderly-visit contract with the repository's org-unit tree, or another tree; submits visits
/// with their rollups and reads the rollups back.
struct AggregateFixture {
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

@Suite(.timeLimit(.minutes(3))) struct AggregateStoreTests {
    @Test(arguments: StoreBackend.all) func aSubmissionUpdatesItsUnitAndEveryAncestor(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
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

    @Test(arguments: StoreBackend.all) func aCorrectionSubtractsTheOldAndAddsTheNew(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
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

    @Test(arguments: StoreBackend.all) func theMaximumStaysRightWhenTheSubmissionHoldingItIsCorrected(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
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

    @Test(arguments: StoreBackend.all) func readingASubtreeIsOneKeyedLookupWhateverLiesBelow(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
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
                    plan.first?.contains("USING PRIMARY KEY (contract=? AND period=? AND unit=? AND dimension=?)")
                        == true)
            }
        }
    }

    @Test(arguments: StoreBackend.all) func rebuildFindsAndFixesATamperedRow(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
            let first = try await fixture.submit(store, unit: "210102001001001", minutes: 30)
            _ = try await fixture.submit(store, unit: "210102003001001", minutes: 25, type: "phone")
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 35, supersedes: first)
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
            if let sqlite = temporary.sqlite {
                // One row holds every measure there: change one measure's figures inside it.
                try await sqlite.tamperTotals(contract: "elderly-visit@1", unit: "210102", measure: "totalMinutes") {
                    figures in
                    if let sum = figures?.sum { figures?.sum = sum.adding(1) ?? sum }
                }
                try await sqlite.tamperTotals(contract: "elderly-visit@1", unit: "21", measure: "visits") { $0 = nil }
            } else {
                try await temporary.tamper(
                    """
                    UPDATE aggregate SET sum = sum + 1 WHERE unit = '210102' AND measure = 'totalMinutes' AND dimension = '';
                    DELETE FROM aggregate WHERE unit = '21' AND measure = 'visits' AND dimension = ''
                    """)
            }
            let differences = try await store.rebuildAggregates(plan: fixture.rebuildPlan())
            #expect(differences.count == 2)
            #expect(differences.contains { $0.key.unit == "210102" && $0.stored?.sum == 61 && $0.expected?.sum == 60 })
            #expect(differences.contains { $0.key.unit == "21" && $0.stored == nil && $0.expected?.values == 2 })
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
            #expect(try await fixture.totals(store, "210102")["totalMinutes"]?.sum == 60)
        }
    }

    /// A row whose figures are not finite — what an unbounded `1.7e308` left behind before sums were
    /// exact, and what a correction could not repair — makes reads fail until a rebuild rewrites it
    /// with the exact figures.
    @Test(arguments: StoreBackend.all) func rebuildRewritesARowWhoseFiguresAreNotFinite(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let fixture = try AggregateFixture()
            _ = try await fixture.submit(store, unit: "210102001001001", minutes: 30)
            _ = try await fixture.submit(store, unit: "210102003001001", minutes: 25)
            #expect(try await fixture.totals(store, "210102")["totalMinutes"]?.sum == 55)  // sealed on PostgreSQL
            if let sqlite = temporary.sqlite {
                try await sqlite.pool.write { db in
                    try db.execute(
                        sql: "UPDATE aggregate SET figures = ? WHERE unit = '210102' AND dimension = ''",
                        arguments: [AggregateRowLayoutTests.doublesForm(sum: .infinity)])
                }
            } else {
                try await temporary.tamper(
                    "UPDATE aggregate SET sum = 'Infinity' WHERE unit = '210102' AND measure = 'totalMinutes' AND dimension = ''"
                )
            }
            await #expect(throws: (any Error).self) { try await fixture.totals(store, "210102") }
            let differences = try await store.rebuildAggregates(plan: fixture.rebuildPlan())
            #expect(differences.contains { $0.key.unit == "210102" && $0.expected?.sum == 55 })
            #expect(try await fixture.totals(store, "210102")["totalMinutes"]?.sum == 55)
            #expect(try await store.rebuildAggregates(plan: fixture.rebuildPlan()).isEmpty)
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
            let fixture = try AggregateFixture(tree: tree)
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

    /// Submissions and corrections committed together (many in flight, so the store batches them):
    /// a correction's subtraction is merged with the batch's additions, and the extremes it held are
    /// recomputed at the end of the batch, bottom-up — the rollups still equal a recomputation.
    @Test(arguments: StoreBackend.all, [3, 11] as [UInt64])
    func correctionsBatchedWithOtherSubmissionsStayExact(_ backend: StoreBackend, seed: UInt64) async throws {
        try await backend.withStore { temporary in
            var random = SeededRandom(seed: seed)
            let store = temporary.store
            let fixture = try AggregateFixture()
            let grids = fixture.tree.units.filter { $0.level == .grid }.map(\.code)
            var latest: [(unit: String, id: String)] = []
            for round in 0..<4 {
                var batch: [(unit: String, minutes: Int, type: String, supersedes: String?)] = []
                var correctable = latest.shuffled(using: &random)
                for index in 0..<40 {
                    // Corrections of earlier rounds' submissions, most of them making a visit shorter.
                    if index % 3 == 0, let earlier = correctable.popLast() {
                        batch.append((earlier.unit, Int.random(in: 1...30, using: &random), "phone", earlier.id))
                    } else {
                        let unit = grids[Int.random(in: 0..<grids.count, using: &random)]
                        batch.append((unit, Int.random(in: 1...(100 * (round + 1)), using: &random), "home", nil))
                    }
                }
                let corrected = Set(batch.compactMap(\.supersedes))
                latest.removeAll { corrected.contains($0.id) }
                let accepted = try await withThrowingTaskGroup(of: (String, String).self) { group in
                    for (unit, minutes, type, supersedes) in batch {
                        group.addTask {
                            (
                                unit,
                                try await fixture.submit(
                                    store, unit: unit, minutes: minutes, type: type, supersedes: supersedes)
                            )
                        }
                    }
                    return try await group.reduce(into: [(String, String)]()) { $0.append($1) }
                }
                latest += accepted.map { (unit: $0.0, id: $0.1) }
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

/// The `aggregate` table's layout on SQLite: one row per unit, period and dimension value holding
/// every measure, converted exactly from the earlier row-per-measure layout.
@Suite(.timeLimit(.minutes(3))) struct AggregateRowLayoutTests {
    /// A database of the layout before `2026-11-aggregate-measures-per-row`, with rows as that store
    /// wrote them — random visits over the repository's tree, a visit without a duration (no
    /// extremes), sums that do not add up exactly in binary, a measure only some rows have — answers
    /// every read exactly as before once the store has migrated it, and exports the same rows.
    @Test func anOldLayoutDatabaseMigratesToTheSameAnswers() async throws {
        let fixture = try AggregateFixture()
        var random = SeededRandom(seed: 5)
        var expected = Aggregation()
        let grids = fixture.tree.units.filter { $0.level == .grid }.map(\.code)
        for index in 0..<200 {
            let unit = grids[Int.random(in: 0..<grids.count, using: &random)]
            let minutes = Double(Int.random(in: 1...600, using: &random)) / 10
            let data: JSONValue = [
                "visitType": .string(["home", "phone", "video"][index % 3]),
                "healthStatus": .string(["good", "fair"][index % 2]),
                "durationMinutes": index % 17 == 0 ? .null : .number(minutes),
            ]
            try expected.add(
                data, contract: "elderly-visit@1", period: ["2026-10", "2026-11"][index % 2],
                plan: try #require(fixture.plan(unit)))
        }
        var oldRows = expected.rows.map { AggregateRow(key: $0.key, figures: $0.value) }
        // A measure a contract once had, in a few rows only.
        oldRows.append(
            AggregateRow(
                key: AggregateRowKey(
                    contract: "elderly-visit@1", unit: "21", period: "2026-11",
                    cell: AggregateCell(measure: "a-retired")),
                figures: AggregateFigures(submissions: 3, values: 0)))

        let directory = try Self.oldDatabase(migratedUpTo: "2026-11-portal") { db in
            for row in oldRows {
                try db.execute(
                    sql: """
                        INSERT INTO aggregate (contract, period, unit, dimension, dimensionValue, measure,
                                               submissions, valueCount, sum, minValue, maxValue)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        row.key.contract, row.key.period, row.key.unit, row.key.cell.dimension,
                        row.key.cell.dimensionValue, row.key.cell.measure, row.figures.submissions,
                        row.figures.values, row.figures.sum.doubleValue, row.figures.min?.doubleValue,
                        row.figures.max?.doubleValue,
                    ])
            }
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gridway.sqlite").path

        let store = try SQLiteStore(path: path)
        // Each read answers the old rows of that unit, period and dimension, in the old key order.
        let reads = Dictionary(grouping: oldRows) {
            AggregateRecordKey(
                contract: $0.key.contract, period: $0.key.period, unit: $0.key.unit, dimension: $0.key.cell.dimension,
                dimensionValue: "")
        }
        for (read, rows) in reads {
            let answer = try await store.aggregates(
                contract: try ContractRef(parsing: read.contract), period: read.period, units: [read.unit],
                dimension: read.dimension.isEmpty ? nil : read.dimension)
            let ordered = rows.sorted { lhs, rhs in
                lhs.key.cell.dimensionValue != rhs.key.cell.dimensionValue
                    ? AggregateMeasures.precedes(lhs.key.cell.dimensionValue, rhs.key.cell.dimensionValue)
                    : AggregateMeasures.precedes(lhs.key.cell.measure, rhs.key.cell.measure)
            }
            #expect(answer == ordered, "\(read)")
        }
        let exported = try await store.exportRows(of: "aggregate")
        #expect(exported.columns.contains("measure"))
        let migratedRows = try await store.pool.read { db in try SQLiteStore.allRows(in: db) }
        #expect(Set(migratedRows) == Set(oldRows))
        #expect(exported.rows.count == oldRows.count)
        #expect(
            try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM aggregate") }
                == Set(oldRows.map { AggregateRecordKey($0.key) }).count)
    }

    /// The stored form keeps every figure exactly, and the upsert's SQL function adds two rows' figures.
    @Test func figuresSurviveTheirStoredFormExactly() async throws {
        let huge = try #require(ExactDecimal(significand: .max, scale: 0))
        let tiny = try #require(ExactDecimal(significand: -1, scale: ExactDecimal.maximumScale))
        let measures = AggregateMeasures([
            ("visits", AggregateFigures(submissions: 300_000, values: 300_000, sum: 300_000)),
            (
                "totalMinutes",
                AggregateFigures(
                    submissions: 2, values: 2, sum: try #require(.init(parsing: "0.3")), min: tiny, max: huge)
            ),
            ("没有值", AggregateFigures(submissions: 1, values: 0)),
            ("negative", AggregateFigures(submissions: -2, values: -1, sum: -5, min: nil, max: 3)),
        ])
        #expect(measures.entries.map(\.measure) == ["negative", "totalMinutes", "visits", "没有值"])
        let decoded = try AggregateMeasures(decoding: measures.encoded)
        #expect(decoded == measures)
        #expect(decoded["totalMinutes"]?.sum.description == "0.3")
        #expect(decoded["totalMinutes"]?.min?.description == "-0.000000001")
        #expect(decoded["totalMinutes"]?.max == huge)
        #expect(throws: AggregateMeasuresError.self) { try AggregateMeasures(decoding: measures.encoded.dropLast()) }
        #expect(throws: AggregateMeasuresError.self) { try AggregateMeasures(decoding: Data([3])) }

        let more = AggregateMeasures([
            ("visits", AggregateFigures(submissions: 1, values: 1, sum: 1)),
            ("longestMinutes", AggregateFigures(submissions: 1, values: 1, sum: 7, min: 7, max: 7)),
        ])
        var configuration = Configuration()
        configuration.prepareDatabase { $0.add(function: AggregateMeasures.addFunction) }
        let queue = try DatabaseQueue(configuration: configuration)
        let added = try await queue.read { db in
            try Data.fetchOne(
                db, sql: "SELECT gridway_aggregate_add(?, ?)", arguments: [measures.encoded, more.encoded])
        }
        #expect(try AggregateMeasures(decoding: try #require(added)) == measures.adding(more))
        #expect(try measures.adding(more)["visits"]?.sum == 300_001)
        #expect(try measures.adding(more)["longestMinutes"]?.max == 7)
        // A total that would not fit fails the upsert rather than wrapping.
        let overflowing = AggregateMeasures([("totalMinutes", AggregateFigures(submissions: 1, values: 1, sum: huge))])
        await #expect(throws: DatabaseError.self) {
            try await queue.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT gridway_aggregate_add(?, ?)", arguments: [measures.encoded, overflowing.encoded])
            }
        }
    }

    /// Rows written before sums were exact held doubles: the migration rewrites each as the nearest
    /// decimal of nine places, and leaves out a measure whose doubles are not finite (a `1.7e308`
    /// report once made them so) for the rebuild to restore.
    @Test func theMigrationConvertsRowsOfDoubles() async throws {
        #expect(throws: AggregateMeasuresError.self) { try AggregateMeasures(decoding: Self.doublesForm(sum: 1)) }
        let directory = try Self.oldDatabase(migratedUpTo: "2026-11-aggregate-measures-per-row") { db in
            for (unit, figures) in [
                ("21", Self.doublesForm(sum: 0.1 + 0.2, max: 600)), ("2101", Self.doublesForm(sum: .infinity)),
            ] {
                try db.execute(
                    sql: "INSERT INTO aggregate VALUES ('elderly-visit@1', '2026-11', ?, '', '', ?)",
                    arguments: [unit, figures])
            }
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gridway.sqlite").path
        let store = try SQLiteStore(path: path)
        let rows = try await store.aggregates(
            contract: try ContractRef(parsing: "elderly-visit@1"), period: "2026-11", units: ["21", "2101"],
            dimension: nil)
        #expect(rows.map(\.key.unit) == ["21"])
        #expect(
            rows.first?.figures
                == AggregateFigures(submissions: 2, values: 2, sum: try #require(.init(parsing: "0.3")), max: 600))
    }

    /// A new folder holding `gridway.sqlite` migrated up to `migration` and filled by `fill`, as an
    /// older Gridway left it; the caller removes the folder.
    static func oldDatabase(migratedUpTo migration: String, fill: (Database) throws -> Void) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-old-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: directory.appendingPathComponent("gridway.sqlite").path)
        try SQLiteMigrations.migrator.migrate(old, upTo: migration)
        try old.write(fill)
        return directory
    }

    /// A version 1 row with one measure `m` of two submissions with values, its sum and maximum doubles.
    static func doublesForm(sum: Double, max: Double? = nil) -> Data {
        var bytes: [UInt8] = [1, 1, UInt8(ascii: "m"), max == nil ? 0 : 2, 4, 4]
        for double in [sum] + (max.map { [$0] } ?? []) {
            withUnsafeBytes(of: double.bitPattern.littleEndian) { bytes += $0 }
        }
        return Data(bytes)
    }
}

extension SQLiteStore {
    /// Changes one measure's figures in a unit's totals for `period` behind the store's back
    /// (`nil` removes the measure), as someone with access to the database could.
    fileprivate func tamperTotals(
        contract: String, unit: String, measure: String, _ change: @escaping @Sendable (inout AggregateFigures?) -> Void
    ) async throws {
        try await pool.write { db in
            let arguments: StatementArguments = [contract, period, unit]
            let stored = try Data.fetchOne(
                db,
                sql: """
                    SELECT figures FROM aggregate
                    WHERE contract = ? AND period = ? AND unit = ? AND dimension = '' AND dimensionValue = ''
                    """, arguments: arguments)
            var measures = try AggregateMeasures(decoding: try #require(stored))
            change(&measures[measure])
            try db.execute(
                sql: """
                    UPDATE aggregate SET figures = ?
                    WHERE contract = ? AND period = ? AND unit = ? AND dimension = '' AND dimensionValue = ''
                    """, arguments: [measures.encoded] + arguments)
        }
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
