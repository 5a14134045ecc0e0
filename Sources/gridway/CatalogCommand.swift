import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwayServer

/// `gridway catalog overlap`: the 一数一源 review of the contract catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Review the contract catalog as a whole.", subcommands: [Overlap.self])

    struct Overlap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List data elements several contracts collect, fields without an element, and shared elements collected without reuse.",
            discussion: """
                The review a 报表准入 board needs before admitting a new form: a fact collected by several \
                contracts should be one data element, a subject fact everywhere it is collected, so it is typed \
                once. The review informs; it does not fail.
                """)

        @Option(name: .long, help: "YAML configuration file naming the contracts directory (default: $GRIDWAY_CONFIG).")
        var config: String?

        @Argument(help: "The contracts folder (default: the configured contracts directory).")
        var directory: String?

        func run() throws {
            let folder = try directory ?? GridwayConfiguration.load(file: config).contractsDirectory
            let overlap = CatalogOverlap(catalog: try ContractCatalog.load(directory: URL(fileURLWithPath: folder)))
            print(Self.report(overlap))
        }

        /// The three tables, each under a heading with its count.
        static func report(_ overlap: CatalogOverlap) -> String {
            var shared = TextTable(header: ["element", "title", "contract", "field", "reuse"])
            for entry in overlap.shared {
                for (index, use) in entry.uses.enumerated() {
                    shared.rows.append([
                        index == 0 ? entry.element.id : "", index == 0 ? entry.element.title : "",
                        use.contract.description, use.field.description, use.reuseGroup ?? "event fact, never reused",
                    ])
                }
            }
            var unreferenced = TextTable(header: ["contract", "field", "title"])
            unreferenced.rows = overlap.unreferenced.map { [$0.contract.description, $0.field.description, $0.title] }
            var notReused = TextTable(header: ["element", "title", "collected as"])
            notReused.rows = overlap.notReused.map { entry in
                let groups = entry.uses.map { "\($0.contract) \($0.field): \($0.reuseGroup ?? "event fact")" }
                return [entry.element.id, entry.element.title, groups.joined(separator: "; ")]
            }
            return [
                section("Data elements collected by more than one contract", overlap.shared.count, shared),
                section("Fields referencing no data element", overlap.unreferenced.count, unreferenced),
                section(
                    "Shared elements collected without reusing each other's values", overlap.notReused.count, notReused),
            ].joined(separator: "\n\n")
        }

        private static func section(_ heading: String, _ count: Int, _ table: TextTable) -> String {
            "\(heading): \(count)" + (count == 0 ? "" : "\n" + table.rendered)
        }
    }
}
