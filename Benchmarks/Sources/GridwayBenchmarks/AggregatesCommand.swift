import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStore
import OrderedCollections

/// `GridwayBenchmarks aggregates`: the data of `aggregates.sh` — a generated org-unit tree with
/// contracts with and without measures, and a store loaded with submissions through the real path.
struct AggregatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregates", abstract: "Generate and load the aggregates benchmark's data.",
        subcommands: [Generate.self, Load.self])

    /// The contract with measures, copied from `contracts/`.
    static let measured = "elderly-visit@1"
    /// The same schema declaring no measures and no dimensions.
    static let unmeasured = "elderly-visit-flat@1"

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a generated org-unit tree and the benchmark's two contracts.",
            discussion: """
                Writes <output>/units.json (辽宁省 › 沈阳市 › districts › streets › communities › grids: 20 grids \
                per community, 25 communities per street, 20 streets per district), <output>/units-<level>.txt \
                (the codes of each level, one a line) and <output>/contracts/ with elderly-visit@1 as shipped and \
                elderly-visit-flat@1, the same schema declaring no measures and no dimensions.
                """)

        @Option(help: "The repository root (contracts/).")
        var repository = "."

        @Option(help: "How many grids the tree has.")
        var grids = 100_000

        @Option(help: "The folder to write into.")
        var output: String

        func run() throws {
            let generated = try AggregateTree(grids: grids)
            let tree = try OrgUnitTree(units: generated.units)
            let folder = URL(fileURLWithPath: output)
            let contracts = folder.appendingPathComponent("contracts")
            try FileManager.default.createDirectory(at: contracts, withIntermediateDirectories: true)
            try write(generated.document.serializedString(), to: folder.appendingPathComponent("units.json"))
            for level in OrgUnitLevel.allCases {
                let codes = generated.codes(at: level)
                try write(
                    codes.joined(separator: "\n") + "\n",
                    to: folder.appendingPathComponent("units-\(level.rawValue).txt"))
                print("\(level.rawValue) \(codes.count)")
            }
            let source = URL(fileURLWithPath: repository).appendingPathComponent(
                "contracts/\(AggregatesCommand.measured).json")
            guard case .object(var document) = try JSONValue(parsing: try String(contentsOf: source, encoding: .utf8))
            else { throw BenchmarkError("\(source.path) is not a JSON object") }
            try write(
                JSONValue.object(document).serializedString(),
                to: contracts.appendingPathComponent("\(AggregatesCommand.measured).json"))
            document["x-gridway-aggregates"] = ["measures": [], "dimensions": []]
            document["x-gridway-id"] = .string("elderly-visit-flat")
            document["title"] = .string("独居/空巢老人走访记录（不汇总）")
            try write(
                JSONValue.object(document).serializedString(),
                to: contracts.appendingPathComponent("\(AggregatesCommand.unmeasured).json"))
            let catalog = try ContractCatalog.load(directory: contracts)
            guard let measured = catalog.contract(try ContractRef(parsing: AggregatesCommand.measured)),
                !measured.measures.isEmpty,
                catalog.contract(try ContractRef(parsing: AggregatesCommand.unmeasured))?.measures.isEmpty == true
            else { throw BenchmarkError("the generated contracts do not load as one with and one without measures") }
            print("units \(tree.units.count)")
        }

        private func write(_ text: String, to file: URL) throws {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load generated submissions into a SQLite store through SQLiteStore.submit with the aggregate plan.",
            discussion: """
                Prints `loaded <n> submissions (<c> corrections) in <s> s: <rate>/s`, one line \
                `expect <period> visits=<n> totalMinutes=<m>` per period (the root's figures), and the p50/p99 of \
                the store lookups behind GET /v1/aggregates for random units of each level.
                """)

        @Option(help: "The folder `aggregates generate` wrote.")
        var tree: String

        @Option(help: "The SQLite database to load into (created if missing; may be in use by gridway serve).")
        var database: String

        @Option(help: "How many submissions to store, corrections included.")
        var submissions = 1_000_000

        @Option(help: "The periods, comma-separated; each submission gets one at random.")
        var periods = "2026-09,2026-10,2026-11"

        @Option(help: "The share of submissions that correct an earlier accepted one.")
        var corrections = 0.05

        @Option(help: "Submissions in flight at once (the store commits up to 256 per transaction).")
        var inFlight = 512

        @Option(help: "Random units timed per level and breakdown after loading (0: none).")
        var readSamples = 2_000

        @Option(help: "The seed of the generated data.")
        var seed: UInt64 = 1

        func run() async throws {
            let folder = URL(fileURLWithPath: tree)
            let units = try OrgUnitTree.load(contentsOf: folder.appendingPathComponent("units.json"))
            let catalog = try ContractCatalog.load(directory: folder.appendingPathComponent("contracts"))
            guard let contract = catalog.contract(try ContractRef(parsing: AggregatesCommand.measured)) else {
                throw BenchmarkError("no \(AggregatesCommand.measured) in \(folder.path)/contracts")
            }
            let periods = try self.periods.split(separator: ",").map { text in
                guard let period = try contract.period(for: String(text))?.description else {
                    throw BenchmarkError("\(contract.ref) has no periods")
                }
                return period
            }
            let store = try SQLiteStore(path: database)
            let credential = try await store.createCredential(
                name: "aggregates benchmark loader", role: .staff(unit: units.root.code),
                keyHash: APIKey.generate().hash, by: "benchmark")
            let grids = units.units.filter { $0.level == .grid }.map(\.code)
            guard !grids.isEmpty else { throw BenchmarkError("the tree in \(folder.path) has no grids") }
            let loader = AggregateLoader(
                store: store, contract: contract, tree: units, credential: credential, grids: grids, periods: periods)
            let clock = ContinuousClock()
            let start = clock.now
            var lastReport = start
            let totals = try await loader.load(
                count: submissions, correctionShare: corrections, inFlight: inFlight, seed: seed
            ) { stored in
                let now = clock.now
                guard now - lastReport >= .seconds(10) || stored == submissions else { return }
                lastReport = now
                let rate = Double(stored) / Self.seconds(now - start)
                FileHandle.standardError.write(Data("  loaded \(stored) of \(submissions) (\(Int(rate))/s)\n".utf8))
            }
            let elapsed = Self.seconds(clock.now - start)
            print(
                "loaded \(totals.submissions) submissions (\(totals.corrections) corrections) in "
                    + String(format: "%.1f s: %.0f/s", elapsed, Double(totals.submissions) / elapsed))
            for period in periods {
                print(
                    "expect \(period) visits=\(totals.accepted[period] ?? 0) totalMinutes=\(totals.minutes[period] ?? 0)"
                )
            }
            guard readSamples > 0, let dimension = contract.dimensions.first?.name else { return }
            let timer = AggregateLookupTimer(
                store: store, contract: contract.ref, tree: units, periods: periods, dimension: dimension)
            var random = AggregateRandom(seed: seed ^ 0xA66)
            print("store lookups behind GET /v1/aggregates, in process, \(readSamples) random units × period each, µs:")
            let headings = ["total p50 p99", "by=child p50 p99", "by=\(dimension) p50 p99"]
            print(
                "  " + "level".padding(toLength: 10, withPad: " ", startingAt: 0) + Self.padded("units", to: 9)
                    + headings.map { "  " + Self.padded($0, to: 17) }.joined())
            for level in OrgUnitLevel.allCases {
                let codes = units.units.filter { $0.level == level }.map(\.code)
                let figures = try await timer.percentiles(units: codes, samples: readSamples, random: &random)
                let columns = figures.map { "  " + String(format: "%8.0f %8.0f", $0.0, $0.1) }.joined()
                print(
                    "  " + level.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + Self.padded(String(codes.count), to: 9) + columns)
            }
        }

        /// `text` right-aligned in `width` characters.
        private static func padded(_ text: String, to width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }

        private static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
