import Foundation
import GridwayJSON
import GridwayTestSupport
import Testing

/// `gridway serve` on a store it cannot use: at start it exits with a non-zero status and one line
/// naming the file, instead of serving without a store or hanging; while serving, a write that cannot
/// get the database's lock is refused with 503 after the busy timeout and reads go on.
@Suite(.timeLimit(.minutes(5))) struct FaultStoreTests {
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
        #expect(
            error == "Error: cannot open the database \(database.path): SQLite error 26: file is not a database"
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
        let holder = try LockHolder(
            database: database,
            """
            PRAGMA journal_mode = WAL;
            PRAGMA locking_mode = EXCLUSIVE;
            CREATE TABLE held (x);
            BEGIN EXCLUSIVE;
            INSERT INTO held VALUES (1);
            """)
        defer { holder.release() }
        let (status, error) = try Self.serve(dataDirectory: directory.path)
        #expect(status != 0)
        #expect(error.hasPrefix("Error: cannot open the database \(database.path): SQLite error 5: database is locked"))
    }

    @Test(.enabled(if: sqlite3 != nil, "needs the sqlite3 command to hold a lock on the database"))
    func writesWhileAnotherProcessHoldsTheWriteLockGet503AfterTheBusyTimeout() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(server.adminKey)
        let holder = try LockHolder(
            database: directory.appendingPathComponent("gridway.sqlite"),
            "BEGIN EXCLUSIVE;\nINSERT INTO target_state (target, paused) VALUES ('lock-holder', 0);")
        defer { holder.release() }
        let (refused, problem) = try await server.send(
            "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "locked"],
            body: try visitReport(minutes: 5))
        #expect(refused == 503)
        #expect(problem["type"] == "/problems/storage-unavailable")
        #expect(try await server.send("GET", "/v1/submissions", key: admin).status == 200, "reads go on")
        holder.release()
        let (accepted, _) = try await server.send(
            "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "locked"],
            body: try visitReport(minutes: 5))
        #expect(accepted == 202, "the same request is accepted once the lock is gone")
        await server.terminate()
    }

    /// Runs `gridway serve` on `dataDirectory` until it exits (30 s at most); returns its status and
    /// what it printed on stderr, trimmed.
    static func serve(dataDirectory: String) throws -> (status: Int32, error: String) {
        let errors = Pipe()
        let process = try ChildProcess(
            GatewayProcess.executable, ["serve", "--data-directory", dataDirectory, "--port", "0"],
            environment: GatewayProcess.environment, error: .pipe(errors)
        )
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.signal(SIGTERM)
            process.waitUntilExit()
            throw GatewayProcessError(reason: "gridway serve on \(dataDirectory) was still running after 30 s")
        }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.waitUntilExit(), text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A `sqlite3` process that runs SQL on a database and keeps the transaction it opened, and so its
/// locks, until ``release()``.
final class LockHolder {
    private let process: ChildProcess
    private let commands = Pipe()

    /// Runs `sql` (which opens a transaction) and returns once it has run.
    init(database: URL, _ sql: String) throws {
        let answers = Pipe()
        process = try ChildProcess(
            URL(fileURLWithPath: FaultStoreTests.sqlite3 ?? "sqlite3"), [database.path],
            input: .pipe(commands), output: .pipe(answers)
        )
        commands.fileHandleForWriting.write(Data((sql + "\nSELECT 'held';\n").utf8))
        var printed = ""
        while !printed.contains("held") {
            let chunk = answers.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        guard printed.contains("held") else {
            release()
            throw GatewayProcessError(reason: "sqlite3 did not take the lock: \(printed)")
        }
    }

    /// Ends `sqlite3` (its open transaction rolls back) and waits for it.
    func release() {
        try? commands.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
