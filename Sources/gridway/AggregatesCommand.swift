import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayServer
import GridwayStore

/// `gridway aggregates rebuild`: recompute every rollup from the accepted submissions, report
/// each stored figure that differs, and fix it.
struct AggregatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregates", abstract: "Maintain the aggregate rollups.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every aggregate from the accepted submissions and fix any that differ.",
            discussion: "Exits with status 2 when a difference was found (and fixed): the rollups should never drift.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
            let differences = try await options.withStore(configuration) { store in
                try await store.rebuildAggregates { submission in
                    catalog.contract(submission.request.contract).flatMap {
                        AggregatePlan(contract: $0, unit: submission.request.unit, tree: units)
                    }
                }
            }
            guard !differences.isEmpty else {
                print("aggregates consistent: no difference from the accepted submissions")
                return
            }
            for difference in differences.sorted(by: { Self.line($0) < Self.line($1) }) {
                print(Self.line(difference))
            }
            print("aggregates: \(differences.count) difference\(differences.count == 1 ? "" : "s") found and fixed")
            throw ExitCode(2)
        }

        /// `contract unit period measure[dimension=value]: stored … expected …`.
        static func line(_ difference: AggregateDifference) -> String {
            let key = difference.key
            let cell =
                key.cell.dimension.isEmpty
                ? key.cell.measure : "\(key.cell.measure)[\(key.cell.dimension)=\(key.cell.dimensionValue)]"
            return
                "\(key.contract) \(key.unit) \(key.period.isEmpty ? "-" : key.period) \(cell): stored \(describe(difference.stored)), expected \(describe(difference.expected))"
        }

        private static func describe(_ figures: AggregateFigures?) -> String {
            guard let figures else { return "none" }
            let extremes = [figures.min, figures.max].map { $0.map { "\($0)" } ?? "-" }
            return
                "submissions=\(figures.submissions) values=\(figures.values) sum=\(figures.sum) min=\(extremes[0]) max=\(extremes[1])"
        }
    }
}
