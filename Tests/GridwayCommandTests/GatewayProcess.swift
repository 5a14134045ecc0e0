import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `gridway` executable, run as a child process on loopback against a data directory.
final class GatewayProcess: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `gridway` binary built beside the test bundle.
    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gridway")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return repositoryRoot.appendingPathComponent(".build/debug/gridway")
    }

    /// Environment that points the binary at the repository's contracts and units, and at no adapters.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GRIDWAY_CONTRACTS_DIRECTORY"] = repositoryRoot.appendingPathComponent("contracts").path
        environment["GRIDWAY_UNITS_FILE"] = repositoryRoot.appendingPathComponent("contracts/units.json").path
        environment["GRIDWAY_ADAPTERS_DIRECTORY"] = repositoryRoot.appendingPathComponent(".build/no-adapters").path
        environment["GRIDWAY_LOG_LEVEL"] = "warning"
        return environment
    }

    private let process: ChildProcess
    private let output = PrintedData()
    let dataDirectory: URL

    /// Starts `gridway serve` on a free port and waits until it listens (polling, without blocking a
    /// cooperative thread that other tests need meanwhile).
    init(dataDirectory: URL) async throws {
        self.dataDirectory = dataDirectory
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { [output] in output.append($0.availableData) }
        process = try ChildProcess(
            Self.executable, ["serve", "--data-directory", dataDirectory.path, "--port", "0"],
            environment: Self.environment, output: .pipe(pipe)
        )
        let deadline = Date().addingTimeInterval(30)
        while baseURL == nil {
            guard process.isRunning, Date() < deadline else {
                throw GatewayProcessError(reason: "gridway serve did not start: \(printed)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Everything the process printed on stdout so far.
    var printed: String { output.text }

    /// `http://127.0.0.1:PORT`, once the server said it listens.
    var baseURL: URL? {
        printed.split(separator: "\n").first { $0.hasPrefix("Gridway listening on ") }
            .flatMap { URL(string: String($0.dropFirst("Gridway listening on ".count))) }
    }

    /// The admin key printed on first start.
    var adminKey: String? {
        printed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("gw_") }
    }

    /// Sends a request and returns the status and parsed JSON body.
    func send(_ method: String, _ path: String, key: String?, headers: [String: String] = [:], body: JSONValue? = nil)
        async throws -> (status: Int, body: JSONValue)
    {
        guard let baseURL else { throw GatewayProcessError(reason: "the server is not listening") }
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.serialized())
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, data.isEmpty ? .null : try JSONValue(parsing: Array(data)))
    }

    /// Kills the process at once, as a power cut would.
    func kill() async {
        await process.end(with: SIGKILL)
    }

    /// Asks the process to shut down gracefully and waits for it.
    func terminate() async {
        await process.end(with: SIGTERM)
    }

    /// The exit status, once the process has ended.
    var exitStatus: Int32? { process.terminationStatus }

    /// Runs another `gridway` subcommand to completion, with `extra` added to ``environment``; its exit
    /// status, stdout and stderr.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws
        -> ChildProcess.Finished
    {
        try await offThePool {
            Result { try ChildProcess.run(executable, arguments, environment: environment.merging(extra) { $1 }) }
        }.get()
    }

    /// Runs `gridway` with `input` on its standard input, in a session of its own (`setsid`) when
    /// `detached`, so that with no terminal to prompt at it reads typed passwords from standard input.
    static func run(_ arguments: [String], input: String, detached: Bool = false) async throws
        -> ChildProcess.Finished
    {
        try await offThePool {
            Result {
                try ChildProcess.run(
                    detached ? URL(fileURLWithPath: "/usr/bin/setsid") : executable,
                    detached ? ["--wait", executable.path] + arguments : arguments,
                    environment: environment, input: input, mergingErrors: true
                )
            }
        }.get()
    }
}

struct GatewayProcessError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-live-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
