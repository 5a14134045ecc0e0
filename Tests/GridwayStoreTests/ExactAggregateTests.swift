import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

private let admin = Credential(id: "key_admin", name: "admin", role: .admin, createdAt: Date())

/// Rollups of large integers and of decimals stay exact on every store: random submissions and
/// corrections, then every row equals a recomputation from scratch, and the root's totals equal the
/// test's own exact arithmetic (which doubles cannot match beyond 2^53 or for tenths).
@Suite(.timeLimit(.minutes(3))) struct ExactAggregateTests {
    /// A contract measuring an integer field bounded at ±1e15 and a decimal field bounded at ±1e6.
    static let contract: Contract = {
        let document: JSONValue = try! JSONValue(
            parsing: Array(
                #"""
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "x-gridway-id": "budget-report", "x-gridway-version": "1.0.0",
                  "title": "经费报告", "description": "各单位上报经费。", "x-gridway-period": "month", "type": "object",
                  "properties": {
                    "fen": {"title": "金额（分）", "description": "金额", "type": "integer",
                            "minimum": -1000000000000000, "maximum": 1000000000000000,
                            "x-gridway-sharing": "open", "x-gridway-pii": "none"},
                    "rate": {"title": "比率", "description": "比率", "type": "number", "minimum": -1000000,
                             "maximum": 1000000, "x-gridway-sharing": "open", "x-gridway-pii": "none"}
                  },
                  "x-gridway-aggregates": {
                    "measures": [{"name": "totalFen", "title": "金额合计", "op": "sum", "field": "/fen"},
                                 {"name": "largestFen", "title": "最大金额", "op": "max", "field": "/fen"},
                                 {"name": "totalRate", "title": "比率合计", "op": "sum", "field": "/rate"},
                                 {"name": "smallestRate", "title": "最小比率", "op": "min", "field": "/rate"}],
                    "dimensions": []
                  }
                }
                """#.utf8))
        return try! Contract(document: document, source: "budget-report@1.json")
    }()

    @Test(arguments: StoreBackend.all, [2, 19, 77] as [UInt64])
    func randomSubmissionsAndCorrectionsAddUpExactly(_ backend: StoreBackend, seed: UInt64) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            var random = SeededRandom(seed: seed)
            let tree = try OrgUnitTree(units: [
                OrgUnit(code: "21", name: "省", level: .province),
                OrgUnit(code: "2101", name: "市一", level: .city), OrgUnit(code: "2102", name: "市二", level: .city),
                OrgUnit(code: "210101", name: "区一", level: .district),
                OrgUnit(code: "210102", name: "区二", level: .district),
            ])
            let units = tree.units.map(\.code)
            // The accepted submissions: unit, id, integer value, and the decimal in millionths.
            var accepted: [(unit: String, id: String, fen: Int64, micros: Int64)] = []
            for _ in 0..<80 {
                let unit = units[Int.random(in: 0..<units.count, using: &random)]
                // Near the limit and odd, so totals pass 2^53 at once; a few negative.
                let sign: Int64 = Int.random(in: 0..<5, using: &random) == 0 ? -1 : 1
                let fen = (Int64.random(in: 999_999_999_000_000...999_999_999_999_999, using: &random) | 1) * sign
                let micros = Int64.random(in: -1_000_000...100_000_000, using: &random)  // -1.000000 to 100.000000
                let rate = ExactDecimal(significand: Int128(micros), scale: 6)!
                let correcting = accepted.indices.filter { accepted[$0].unit == unit }.randomElement(using: &random)
                    .flatMap { Bool.random(using: &random) ? $0 : nil }
                let request = SubmissionRequest(
                    contract: Self.contract.ref, unit: unit, period: "2026-11",
                    data: ["fen": .integer(fen), "rate": try JSONValue(parsing: Array(rate.description.utf8))],
                    supersedes: correcting.map { accepted[$0].id })
                let outcome = try await store.submit(
                    request, idempotencyKey: UUID().uuidString, by: admin, targets: [],
                    aggregation: AggregatePlan(contract: Self.contract, unit: unit, tree: tree))
                guard case .accepted(let submission, _) = outcome else {
                    Issue.record("expected acceptance, got \(outcome)")
                    return
                }
                if let correcting { accepted.remove(at: correcting) }
                accepted.append((unit, submission.id, fen, micros))
            }

            let differences = try await store.rebuildAggregates(plan: {
                AggregatePlan(contract: Self.contract, unit: $0.request.unit, tree: tree)
            })
            #expect(differences.isEmpty, "\(differences.prefix(3))")

            let rows = try await store.aggregates(
                contract: Self.contract.ref, period: "2026-11", units: ["21"], dimension: nil)
            let root = Dictionary(uniqueKeysWithValues: rows.map { ($0.key.cell.measure, $0.figures) })
            let totalFen = accepted.reduce(Int128(0)) { $0 + Int128($1.fen) }
            let totalMicros = accepted.reduce(Int128(0)) { $0 + Int128($1.micros) }
            #expect(root["totalFen"]?.sum == ExactDecimal(significand: totalFen, scale: 0))
            #expect(root["totalFen"]?.values == accepted.count)
            #expect(root["largestFen"]?.max == ExactDecimal(accepted.map(\.fen).max()!))
            #expect(root["totalRate"]?.sum == ExactDecimal(significand: totalMicros, scale: 6))
            #expect(
                root["smallestRate"]?.min == ExactDecimal(significand: Int128(accepted.map(\.micros).min()!), scale: 6))
        }
    }
}
