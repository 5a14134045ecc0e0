import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import OrderedCollections
import Testing

@Suite struct AggregateTests {
    private static func elderlyVisit() throws -> (Contract, OrgUnitTree) {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        guard let contract = catalog.contract(try ContractRef(parsing: "elderly-visit@1")) else {
            throw CancellationError()
        }
        let tree = try OrgUnitTree.load(contentsOf: ContractTestSupport.unitsFile)
        return (contract, tree)
    }

    private static func visit(_ minutes: Int?, type: String = "home") -> JSONValue {
        var data: JSONValue = ["visitType": .string(type), "healthStatus": "good"]
        if let minutes, case .object(var object) = data {
            object["durationMinutes"] = .integer(Int64(minutes))
            data = .object(object)
        }
        return data
    }

    struct Rollup: Sendable, CustomTestStringConvertible {
        var values: [ExactDecimal?]
        var expected: [AggregateOperation: JSONValue]
        var testDescription: String { "\(values)" }
    }

    @Test(arguments: [
        Rollup(values: [], expected: [.count: 0, .sum: 0, .min: nil, .max: nil, .avg: nil]),
        Rollup(values: [40], expected: [.count: 1, .sum: 40, .min: 40, .max: 40, .avg: 40]),
        Rollup(values: [10, 20, 60], expected: [.count: 3, .sum: 90, .min: 10, .max: 60, .avg: 30]),
        Rollup(values: [nil, 5, nil, -5], expected: [.count: 2, .sum: 0, .min: -5, .max: 5, .avg: 0]),
        Rollup(values: [nil], expected: [.count: 0, .sum: 0, .min: nil, .max: nil, .avg: nil]),
        Rollup(
            values: [ExactDecimal(parsing: "0.1"), ExactDecimal(parsing: "0.2")],
            expected: [.count: 2, .sum: 0.3, .min: 0.1, .max: 0.2, .avg: 0.15]),
        Rollup(
            values: [9_223_372_036_854_775_806, 1],
            expected: [.count: 2, .sum: .integer(.max), .min: 1, .max: 9_223_372_036_854_775_806]),
    ])
    func figuresAnswerEveryOperation(_ rollup: Rollup) throws {
        let figures = try rollup.values.reduce(AggregateFigures()) { try $0.adding(AggregateFigures(value: $1)) }
        #expect(figures.submissions == rollup.values.count)
        for op in AggregateOperation.allCases where rollup.expected[op] != nil {
            let value = figures.value(for: op)
            #expect(value.isJSONEqual(to: rollup.expected[op]!), "\(op): \(value)")
        }
    }

    /// A total that would not fit is refused, not rounded or wrapped.
    @Test func anOverflowingTotalThrows() throws {
        let huge = AggregateFigures(value: ExactDecimal(significand: .max, scale: 0))
        #expect(throws: AggregateOverflowError()) { try huge.adding(AggregateFigures(value: 1)) }
        #expect(throws: AggregateOverflowError()) {
            try AggregateFigures(value: ExactDecimal(significand: .min, scale: 0)).subtracting(
                AggregateFigures(value: 1))
        }
    }

    struct Removal: Sendable, CustomTestStringConvertible {
        var values: [ExactDecimal]
        var removed: ExactDecimal
        var stale: Bool
        var testDescription: String { "\(removed) from \(values)" }
    }

    @Test(arguments: [
        Removal(values: [10, 20, 30], removed: 20, stale: false),
        Removal(values: [10, 20, 30], removed: 10, stale: true),
        Removal(values: [10, 20, 30], removed: 30, stale: true),
        Removal(values: [10, 10], removed: 10, stale: true),
        Removal(values: [10], removed: 10, stale: false),
    ])
    func subtractionKeepsCountsAndFlagsExtremes(_ removal: Removal) throws {
        let figures = try removal.values.reduce(AggregateFigures()) { try $0.adding(AggregateFigures(value: $1)) }
        let (result, stale) = try figures.subtracting(AggregateFigures(value: removal.removed))
        #expect(stale == removal.stale)
        #expect(result.submissions == removal.values.count - 1)
        let total = removal.values.reduce(ExactDecimal.zero) { $0.adding($1)! }
        #expect(result.sum == total.subtracting(removal.removed))
        if result.values == 0 { #expect(result.min == nil && result.max == nil) }
    }

    /// A unit's own reports (本级直报) from its subtree's figures and its children's: counts and sums
    /// exactly; an extreme only where no child reaches the subtree's, since it may be a child's.
    @Test func theRemainderAfterTheChildrenIsTheUnitsOwnReports() throws {
        func figures(_ values: [ExactDecimal]) throws -> AggregateFigures {
            var total = AggregateFigures()
            for value in values { total = try total.adding(AggregateFigures(value: value)) }
            return total
        }
        let children = [try figures([40, 20]), try figures([35])]
        let own = try figures([50, 10]).adding(AggregateFigures(value: nil))
        var subtree = own
        for child in children { subtree = try subtree.adding(child) }
        let remainder = try subtree.remainder(after: children)
        #expect((remainder.submissions, remainder.values, remainder.sum) == (3, 2, 60))
        #expect((remainder.min, remainder.max) == (10, 50))
        let reached = try figures([40, 50]).adding(try figures([30])).remainder(after: [try figures([50])])
        #expect((reached.submissions, reached.sum, reached.min, reached.max) == (2, 70, 30, nil))
        let none = try subtree.remainder(after: [subtree])
        #expect(none == AggregateFigures())
    }

    @Test func contributionHasEveryMeasureTotalAndPerDimensionValue() throws {
        let (contract, tree) = try Self.elderlyVisit()
        let plan = try #require(AggregatePlan(contract: contract, unit: "210102001001001", tree: tree))
        #expect(plan.units == ["210102001001001", "210102001001", "210102001", "210102", "2101", "21"])
        let cells = try plan.contribution(of: Self.visit(45, type: "phone"))
        #expect(cells.count == contract.measures.count * (1 + contract.dimensions.count))
        #expect(cells[AggregateCell(measure: "totalMinutes")] == AggregateFigures(value: 45))
        #expect(
            cells[AggregateCell(measure: "visits", dimension: "visitType", dimensionValue: "\"phone\"")]
                == AggregateFigures(value: 1))
        #expect(
            cells[AggregateCell(measure: "totalMinutes", dimension: "healthStatus", dimensionValue: "\"good\"")]?.sum
                == 45)
    }

    @Test func submissionsRollUpToTheirUnitAndEveryAncestor() throws {
        let (contract, tree) = try Self.elderlyVisit()
        var aggregation = Aggregation()
        for (unit, minutes) in [("210102001001001", 30), ("210102001001002", 50), ("210102002001001", 10)] {
            let plan = try #require(AggregatePlan(contract: contract, unit: unit, tree: tree))
            try aggregation.add(Self.visit(minutes), contract: "elderly-visit@1", period: "2026-11", plan: plan)
        }
        func total(_ unit: String, _ measure: String) -> AggregateFigures? {
            aggregation.rows[
                AggregateRowKey(
                    contract: "elderly-visit@1", unit: unit, period: "2026-11", cell: AggregateCell(measure: measure))]
        }
        #expect(total("210102001001001", "totalMinutes")?.sum == 30)
        #expect(total("210102001001", "totalMinutes")?.sum == 80)
        #expect(total("210102001", "longestMinutes")?.max == 50)
        #expect(total("210102", "totalMinutes")?.sum == 90)
        #expect(total("21", "visits")?.values == 3)
        #expect(total("210102002001", "totalMinutes")?.sum == 10)
        #expect(total("210102001002", "visits") == nil)
    }

    @Test func aContractWithoutMeasuresHasNoPlan() throws {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        let tree = try OrgUnitTree.load(contentsOf: ContractTestSupport.unitsFile)
        for contract in catalog.contracts {
            #expect((AggregatePlan(contract: contract, unit: "21", tree: tree) == nil) == contract.measures.isEmpty)
        }
    }
}
