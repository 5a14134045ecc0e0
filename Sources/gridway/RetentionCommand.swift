import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwaySQLite
import GridwayServer
import GridwayStore

/// `gridway retention run`: erase the personal fields of submissions whose retention has ended;
/// `gridway retention verify`: prove it.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Enforce how long personal data is kept.",
        subcommands: [Run.self, Verify.self])

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

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fail if personal data outlived its retention, or an erased value can still be read.",
            discussion: """
                Checks that no submission past its retention still holds personal fields. On SQLite it then \
                empties the write-ahead log into the database file and reads both files byte for byte for \
                each --value (an erased subject's ID number, name or phone), as stored or as JSON escapes it. \
                Exits 1, naming what it found, if anything is left. PostgreSQL's files are on its own host: \
                there only the retention of the rows is checked, and --value is refused.
                """)

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .customLong("value"), help: "A value that was erased and must not be found (repeatable).")
        var values: [String] = []

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let (overdue, scan) = try await options.withStore(configuration) { store in
                let overdue = try await RetentionJob(
                    store: store, contracts: catalog.contracts, defaultRetention: configuration.defaultRetention
                ).overdue(at: Date())
                return (overdue, try await (store as? SQLiteStore)?.remnants(of: values))
            }
            var failures = overdue.map {
                "\($0): submissions past retention still hold personal fields (run gridway retention run)"
            }
            if let scan {
                print("read byte for byte: \(scan.files.joined(separator: ", "))")
                if !scan.writeAheadLogEmptied {
                    print("the write-ahead log could not be emptied (another process is reading): it was read as it is")
                }
                failures += scan.remnants.map {
                    "value \(Self.masked($0.value)) is still in \($0.file) at byte \($0.offset)"
                }
            } else if !values.isEmpty {
                throw CommandFailure(
                    reason: "--value reads the SQLite files byte for byte; PostgreSQL's files are on its own host")
            }
            guard failures.isEmpty else {
                throw CommandFailure(reason: failures.joined(separator: "\n"))
            }
            print(
                "retention verified: nothing past retention holds personal fields; \(values.count) erased values not found"
            )
        }

        /// `value` as the output shows it: its first and last character only, never the whole.
        private static func masked(_ value: String) -> String {
            value.count <= 2
                ? String(repeating: "*", count: value.count)
                : value.prefix(1) + String(repeating: "*", count: value.count - 2) + value.suffix(1)
        }
    }
}
