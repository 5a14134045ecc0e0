import Foundation
import GridwayTestSupport

/// The example Python remote adapter, `adapters/grid-ledger-python/service.py`, run as a child process
/// on a free port of 127.0.0.1 with its ledger in `database`.
final class PythonAdapterProcess {
    /// `python3` on `PATH`, or `nil` when there is none (the tests needing it are then skipped).
    static let python3: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The example's folder.
    static let folder = TestGateway.repositoryRoot.appendingPathComponent("adapters/grid-ledger-python")

    private let process: ChildProcess
    /// Where the service listens, from the line it prints once it does.
    let baseURL: String

    /// Starts the service with `secret` (its `GRID_LEDGER_SECRET`) and returns once it listens.
    init(secret: String, database: URL) throws {
        guard let python3 = Self.python3 else { throw PythonAdapterError(reason: "python3 is not on PATH") }
        let output = Pipe()
        process = try ChildProcess(
            python3, ["-B", "service.py", "--port", "0", "--database", database.path],
            environment: ProcessInfo.processInfo.environment.merging(["GRID_LEDGER_SECRET": secret]) { $1 },
            directory: Self.folder, output: .pipe(output)
        )
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                throw PythonAdapterError(
                    reason:
                        "service.py ended (status \(process.waitUntilExit())) before it listened: \(String(decoding: printed, as: UTF8.self))"
                )
            }
            printed.append(chunk)
        }
        let line = String(decoding: printed, as: UTF8.self)
        guard let match = line.firstMatch(of: /listening on (http:\/\/[0-9.]+:[0-9]+)/) else {
            process.signal(SIGKILL)
            process.waitUntilExit()
            throw PythonAdapterError(reason: "service.py printed \(line)")
        }
        baseURL = String(match.1)
    }

    /// Stops the service with SIGKILL and waits for it to end.
    func stop() {
        process.signal(SIGKILL)
        process.waitUntilExit()
    }
}

/// Why the Python service could not be started.
struct PythonAdapterError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
