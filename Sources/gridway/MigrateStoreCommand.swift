import ArgumentParser
import Foundation
import GridwayCore
import GridwayPostgres
import GridwaySQLite
import GridwayStore

/// `gridway migrate-store --from sqlite:PATH --to postgres:URL`: copy an embedded store into PostgreSQL.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store", abstract: "Copy a SQLite store into PostgreSQL, then verify the copy.",
        discussion: """
            Stop the servers using the SQLite file first. Everything is copied in one transaction, then \
            every table's rows are counted on both sides and the copied audit chain is verified. Running it \
            again brings the copy up to date; a database holding another store's audit chain is refused. \
            Exits with status 2 when the copy does not match.
            """)

    @Option(help: "The source: sqlite:PATH to the gridway.sqlite file.")
    var from: String

    @Option(help: "The destination: postgres:postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…")
    var to: String

    func run() async throws {
        guard from.hasPrefix("sqlite:"), case let path = String(from.dropFirst("sqlite:".count)), !path.isEmpty else {
            throw ValidationError("--from must be sqlite:PATH")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no SQLite store at \(path)") }
        guard to.hasPrefix("postgres:") else { throw ValidationError("--to must be postgres:URL") }
        let url: PostgresURL
        do {
            url = try PostgresURL(String(to.dropFirst("postgres:".count)))
        } catch {
            throw ValidationError("--to: \(error.reason)")
        }
        let source = try SQLiteStore(path: path)
        let destination = PostgresStore(url: url)
        let report = try await destination.whileRunning { try await destination.importStore(from: source) }
        for count in report.counts {
            let mark = count.source == count.destination ? "✓" : "✘"
            print("\(mark) \(count.table): \(count.source) → \(count.destination)")
        }
        switch report.audit {
        case .intact(let entries): print("✓ audit chain intact in \(url): \(entries) entries")
        case .broken(let sequence, let reason): print("✘ audit chain broken at entry \(sequence): \(reason)")
        }
        guard report.isComplete else { throw ExitCode(2) }
    }
}
