import Foundation
import Testing

/// `gridway serve` on a store it cannot use: it exits with a non-zero status and one line naming the
/// file, instead of serving without a store or hanging.
@Suite struct FaultStartupTests {
    /// Where the `sqlite3` command is, if installed.
    static let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func aDatabaseFileThatIsNotADatabaseStopsTheStartWithItsName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("gridway.sqlite")
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: database)
        let (status, error) = try Self.serve(dataDirectory: directory.path)
        #expect(status != 0)
        #expect(error == "Error: cannot open the database \(database.path): SQLite error 26: file is not a database"
            + " - while executing `PRAGMA synchronous = FULL`")
    }

    @Test func aDataDirectoryThatIsAFileStopsTheStartWithItsName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data")
        try Data("not a directory".utf8).write(to: file)
        let (status, error) = try Self.serve(dataDirectory: file.path)
        #expect(status != 0)
        #expect(error == "Error: the data directory \(file.path) is a file, not a directory")
    }

    @Test(.enabled(if: sqlite3 != nil, "needs the sqlite3 command to hold a lock on the database"))
    func aDatabaseLockedByAnotherProcessStopsTheStartAfterTheBusyTimeout() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("gridway.sqlite")
        // Another process opens the database in WAL mode and keeps an exclusive lock on it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Self.sqlite3 ?? "sqlite3")
        holder.arguments = [database.path]
        let commands = Pipe()
        let answers = Pipe()
        holder.standardInput = commands
        holder.standardOutput = answers
        try holder.run()
        defer {
            try? commands.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        commands.fileHandleForWriting.write(
            Data(
                """
                PRAGMA journal_mode = WAL;
                PRAGMA locking_mode = EXCLUSIVE;
                CREATE TABLE held (x);
                BEGIN EXCLUSIVE;
                INSERT INTO held VALUES (1);
                SELECT 'held';

                """.utf8))
        var printed = ""
        while !printed.contains("held") {
            let chunk = answers.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        try #require(printed.contains("held"), "sqlite3 holds the lock: \(printed)")

        let (status, error) = try Self.serve(dataDirectory: directory.path)
        #expect(status != 0)
        #expect(error.hasPrefix("Error: cannot open the database \(database.path): SQLite error 5: database is locked"))
    }

    /// Runs `gridway serve` on `dataDirectory` until it exits (30 s at most); returns its status and
    /// what it printed on stderr, trimmed.
    static func serve(dataDirectory: String) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = GatewayProcess.executable
        process.arguments = ["serve", "--data-directory", dataDirectory, "--port", "0"]
        process.environment = GatewayProcess.environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw GatewayProcessError(reason: "gridway serve on \(dataDirectory) was still running after 30 s")
        }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
