import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayServer
import GridwayStore

/// `gridway burden report`: the burden figures of a unit's subtree and of each of its children, as a table.
struct BurdenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burden", abstract: "Show the burden figures Gridway keeps.", subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print fields typed, kept from prefill, delivered upstream and forms replaced, per unit.",
            discussion: """
                One row for the unit's whole subtree, then one per child unit. Figures count every \
                accepted submission of the subtree, for every contract and period unless narrowed.
                """)

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "The org unit (default: the root of the tree).")
        var unit: String?

        @Option(help: "Only this contract, like elderly-visit@1.")
        var contract: String?

        @Option(help: "Only this period, like 2026-11.")
        var period: String?

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
            let top =
                try unit.map { code in
                    guard let found = units.unit(code) else { throw ValidationError("no org unit \(code) in the tree") }
                    return found
                } ?? units.root
            let definition = try contract.map { text in
                guard let reference = try? ContractRef(parsing: text), let found = catalog.contract(reference) else {
                    throw ValidationError("no contract \(text) in the catalog")
                }
                return found
            }
            let normalized = try period.map { text in
                guard let found = BurdenRowKey.period(text, for: definition) else {
                    throw ValidationError(
                        "\"\(text)\" is not a reporting period\(definition.map { " of \($0.ref)" } ?? "")")
                }
                return found
            }
            let shown = [top] + units.children(of: top.code)
            let figures = try await options.withStore(configuration) { store in
                try await store.burden(
                    contract: definition?.ref.description ?? BurdenRowKey.all, period: normalized ?? BurdenRowKey.all,
                    units: shown.map(\.code))
            }
            print(
                "burden of \(top.name) (\(top.code)), \(definition?.ref.description ?? "every contract"), "
                    + (normalized.map { "period \($0)" } ?? "every period"))
            let rows = shown.enumerated().map { index, unit in
                Self.row(
                    index == 0 ? "\(unit.code) \(unit.name) (subtree)" : "  \(unit.code) \(unit.name)",
                    figures[unit.code] ?? BurdenFigures())
            }
            print(
                Self.table([["unit", "submissions", "typed", "kept", "kept %", "delivered", "forms replaced"]] + rows))
        }

        /// One table row: label, the figures, and the share of filled fields kept from prefill.
        static func row(_ label: String, _ figures: BurdenFigures) -> [String] {
            let filled = figures.fieldsTyped + figures.fieldsKept
            let share = filled == 0 ? "-" : String(format: "%.1f", Double(figures.fieldsKept) * 100 / Double(filled))
            return [label] + [figures.submissions, figures.fieldsTyped, figures.fieldsKept].map(String.init) + [share]
                + [figures.valuesDelivered, figures.formsReplaced].map(String.init)
        }

        /// The rows as columns, the first left-aligned and the others right-aligned, padded by display width.
        static func table(_ rows: [[String]]) -> String {
            let widths = rows[0].indices.map { column in rows.map { Self.width(of: $0[column]) }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { column, cell in
                    let padding = String(repeating: " ", count: widths[column] - Self.width(of: cell))
                    return column == 0 ? cell + padding : padding + cell
                }.joined(separator: "  ")
            }.joined(separator: "\n")
        }

        /// Columns a terminal gives `text`: two for each wide (CJK) character.
        private static func width(of text: String) -> Int {
            text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.properties.isIdeographic ? 2 : 1) }
        }
    }
}
