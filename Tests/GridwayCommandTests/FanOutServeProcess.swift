import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `gridway serve` with fan-out: ``GatewayProcess``'s environment plus the adapters folder, their
/// settings, signing secrets and a configuration file, so the real binary delivers to stand-ins the
/// test runs on loopback. Start another on the same data directory to play a restart.
final class FanOutServeProcess: Sendable {
    private let process: ChildProcess
    private let output = PrintedData()
    /// `http://127.0.0.1:PORT`.
    let baseURL: URL

    /// Starts the server with `environment` added to ``GatewayProcess/environment`` and waits until it listens.
    init(dataDirectory: URL, environment: [String: String]) async throws {
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { [output] in output.append($0.availableData) }
        process = try ChildProcess(
            GatewayProcess.executable, ["serve", "--data-directory", dataDirectory.path, "--port", "0"],
            environment: GatewayProcess.environment.merging(environment) { $1 }, output: .pipe(pipe)
        )
        let prefix = "Gridway listening on "
        let started = Date()
        while true {
            let line = output.text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            if let url = line.flatMap({ URL(string: String($0.dropFirst(prefix.count))) }) {
                baseURL = url
                return
            }
            guard process.isRunning, Date().timeIntervalSince(started) < 30 else {
                throw GatewayProcessError(reason: "gridway serve did not start: \(output.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The admin key printed on the first start.
    var adminKey: String? {
        output.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("gw_") }
    }

    /// Sends `method path` as `key` with an optional JSON body; returns the status and the parsed reply.
    func request(_ method: String, _ path: String, key: String, idempotencyKey: String? = nil, body: JSONValue? = nil)
        async throws -> (status: Int, body: JSONValue)
    {
        let (response, reply) = try await exchange(method, path, key: key, idempotencyKey: idempotencyKey, body: body)
        return (response.statusCode, reply)
    }

    /// Sends a request as ``request(_:_:key:idempotencyKey:body:)`` does; returns the response (status and
    /// header fields) and the parsed reply.
    func exchange(_ method: String, _ path: String, key: String, idempotencyKey: String? = nil, body: JSONValue? = nil)
        async throws -> (response: HTTPURLResponse, body: JSONValue)
    {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL) ?? baseURL)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.serialized())
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let response = response as? HTTPURLResponse else {
            throw GatewayProcessError(reason: "\(method) \(path) got no HTTP response")
        }
        return (response, data.isEmpty ? .null : try JSONValue(parsing: Array(data)))
    }

    /// A test that failed half-way leaves no server behind.
    deinit {
        process.signal(SIGKILL)
    }

    /// Kills the server at once, as a power cut would.
    func kill() async {
        await process.end(with: SIGKILL)
    }
}
