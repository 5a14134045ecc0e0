import ArgumentParser
import Foundation
import GridwayCore
import GridwayStore

/// `gridway retention run`: erase the personal fields of submissions whose retention has ended.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Enforce how long personal data is kept.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase the personal fields of every submission whose retention has ended.",
            discussion: """
                A contract's retention is its x-gridway-retention, else the configuration's defaultRetention, \
                counted from the end of each submission's period. Receipts, digests, non-personal fields, \
                aggregates, deliveries and the audit chain stay; each erasure is audited. Safe to run again: \
                what was erased stays erased, and nothing else changes.
                """)

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let report = try await options.withStore(configuration) { store in
                try await RetentionJob(
                    store: store, contracts: catalog.contracts, defaultRetention: configuration.defaultRetention
                ).run(at: Date())
            }
            var table = TextTable(header: ["contract", "retention", "expired through", "erased now"])
            for contract in report.contracts {
                table.rows.append([
                    contract.contract.description, contract.retention.description,
                    contract.cutoff.map(Self.describe) ?? "nothing yet", String(contract.erased),
                ])
            }
            print(table.rendered)
            for contract in report.keptWithoutRetention {
                print("\(contract): has personal fields but no x-gridway-retention and no defaultRetention: kept")
            }
            print("\(report.erased) submissions erased")
        }

        /// The last period (or the receipt time) whose submissions have outlived their retention.
        private static func describe(_ cutoff: RetentionCutoff) -> String {
            switch cutoff {
            case .periodsThrough(let period): "period \(period)"
            case .receivedBefore(let instant): "received before \(instant.formatted(.iso8601))"
            }
        }
    }
}
