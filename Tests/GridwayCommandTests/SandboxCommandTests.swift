import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import OrderedCollections
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `gridway sandbox` run as a child process, read back from what it prints, as an operator or a
/// compose file uses it.
final class SandboxProcess: Sendable {
    private let process: ChildProcess
    private let output = PrintedData()
    private let errors = PrintedData()
    /// Signalled once for each of stdout and stderr when it reaches its end.
    private let pipesEnded = DispatchSemaphore(value: 0)

    /// Starts `gridway sandbox` with `arguments` and `environment` added to this process's, and
    /// waits until it says it is ready or it ends.
    init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        let (stdout, stderr) = (Pipe(), Pipe())
        for (pipe, text) in [(stdout, output), (stderr, errors)] {
            pipe.fileHandleForReading.readabilityHandler = { [pipesEnded] handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    pipesEnded.signal()
                } else {
                    text.append(data)
                }
            }
        }
        process = try ChildProcess(
            GatewayProcess.executable, ["sandbox"] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            output: .pipe(stdout), error: .pipe(stderr)
        )
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, !printed.contains("Sandbox ready"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A test that failed half-way leaves no sandbox behind.
    deinit {
        process.signal(SIGKILL)
    }

    /// Everything printed on stdout so far.
    var printed: String { output.text }

    /// Everything printed on stderr so far.
    var complaints: String { errors.text }

    /// The printed systems in order: the adapter, the URL Gridway is told, the `host:port` it listens on.
    var systemList: [(adapter: String, url: String, listening: String)] {
        printed.split(separator: "\n").compactMap { line in
            line.wholeMatch(of: #/  ([a-z-]+)  (\S+)  \(listening on (\S+)\)/#).map {
                (String($0.1), String($0.2), String($0.3))
            }
        }
    }

    /// The printed systems by adapter.
    var systems: [String: (url: String, listening: String)] {
        Dictionary(systemList.map { ($0.adapter, ($0.url, $0.listening)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The printed `KEY=value` lines.
    var environment: [String: String] {
        var environment: [String: String] = [:]
        for line in printed.split(separator: "\n") {
            if let match = line.wholeMatch(of: /([A-Z][A-Z0-9_]*)=(.*)/) {
                environment[String(match.1)] = String(match.2)
            }
        }
        return environment
    }

    /// Sends SIGTERM and returns the exit status, once everything printed has been read.
    func terminate() async -> Int32 {
        process.signal(SIGTERM)
        return await exitStatus()
    }

    /// Waits for the process to end by itself and returns its exit status, once everything printed
    /// has been read.
    func exitStatus() async -> Int32 {
        await offThePool { [process, pipesEnded] in
            let status = process.waitUntilExit()
            for _ in 0..<2 { _ = pipesEnded.wait(timeout: .now() + 10) }
            return status
        }
    }
}

@Suite(.timeLimit(.minutes(5)), .serialized) struct SandboxCommandTests {
    /// Sends `method url` with `headers` and `body`; returns the status and the body as text.
    private func send(_ method: String, _ url: String, headers: [String: String] = [:], body: [UInt8] = [])
        async throws -> (status: Int, body: String)
    {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.allHTTPHeaderFields = headers
        request.httpBody = body.isEmpty ? nil : Data(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// As in a compose file: the URLs name the host replicas know the sandbox by, the systems answer
    /// with the printed credentials and refuse without them, and SIGTERM ends it with status 0.
    @Test func itsSystemsAnswerWithThePrintedCredentialsUntilSIGTERM() async throws {
        let sandbox = try await SandboxProcess(["--port-base", "0", "--advertised-host", "sandbox"])
        let systems = sandbox.systems
        #expect(
            Set(systems.keys) == [
                "civil-affairs-elderly", "health-commission-visits", "grid-management-centre", "legacy-community-app",
                "statistics-bureau-population", "street-safety-legacy", "fire-rescue-inspections", "grid-ledger-python",
            ], "\(sandbox.printed)\(sandbox.complaints)")
        for (adapter, system) in systems {
            #expect(system.url.hasPrefix("http://sandbox:"), "\(adapter): \(system.url)")
            #expect(system.url.hasSuffix(":" + (system.listening.split(separator: ":").last ?? "")), "\(adapter)")
        }
        let environment = sandbox.environment
        let civil = try #require(systems["civil-affairs-elderly"])
        #expect(environment["CIVIL_AFFAIRS_URL"] == civil.url)
        #expect(environment["SHEQUTONG_URL"] == systems["legacy-community-app"]?.url)
        #expect(environment["GRID_CENTRE_TOKEN_URL"] == (systems["grid-management-centre"]?.url ?? "") + "/oauth/token")

        // 民政局: a bearer token and a Standard Webhooks signature by the printed secret.
        let report = JSONValue.object(["elderName": "王桂兰"]).serialized()
        let civilURL = "http://\(civil.listening)/api/v1/elderly/visits"
        let token = try #require(environment["CIVIL_AFFAIRS_TOKEN"])
        let unsigned = try await send("POST", civilURL, headers: ["Authorization": "Bearer \(token)"], body: report)
        #expect(unsigned.status == 401, "\(unsigned.body)")
        let signer = try WebhookSigner(
            secrets: [try #require(environment["GRIDWAY_SIGNING_SECRETS_CIVIL_AFFAIRS_ELDERLY"])])
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        for (name, value) in signer.headers(id: "sandbox-test-1", body: report) { headers[name] = value }
        let accepted = try await send("POST", civilURL, headers: headers, body: report)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(accepted.body.contains("MZ000001"), "\(accepted.body)")

        // 社区通: its visit records and its notice board, with the printed app key.
        let community = try #require(systems["legacy-community-app"])
        let appKey = try #require(environment["SHEQUTONG_APP_KEY"])
        let page = try await send(
            "GET", "http://\(community.listening)/api/zfjl/page?page=1&pageSize=2", headers: ["X-App-Key": appKey])
        #expect(page.status == 200 && page.body.contains("\"rows\""), "\(page.body)")
        let notice = JSONValue.object([
            "tzbh": "R1", "tzlb": "notice", "jsdw": "210102001001", "bt": "通知", "nr": "内容",
        ])
        let pushed = try await send(
            "POST", "http://\(community.listening)/api/tzgg/push",
            headers: ["X-App-Key": appKey, "Content-Type": "application/json"], body: notice.serialized())
        #expect(pushed.status == 200 && pushed.body.contains("TZ000001"), "\(pushed.body)")
        let refused = try await send(
            "POST", "http://\(community.listening)/api/tzgg/push", headers: ["X-App-Key": "wrong"],
            body: notice.serialized())
        #expect(refused.status == 401)

        #expect(await sandbox.terminate() == 0, "\(sandbox.complaints)")
        #expect(sandbox.printed.hasSuffix("Sandbox stopped.\n"))
    }

    /// A `gridway serve` given the printed environment and the shipped adapters delivers a report to
    /// every target through the sandbox process, which prints each request it receives; a signing
    /// secret set in the sandbox's environment is used and not printed.
    @Test func aGridwayGivenThePrintedEnvironmentDeliversThroughIt() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()
        let given = ["GRIDWAY_SIGNING_SECRETS_HEALTH_COMMISSION_VISITS": secret]
        let sandbox = try await SandboxProcess(["--port-base", "0"], environment: given)
        var environment = sandbox.environment
        #expect(environment["GRIDWAY_SIGNING_SECRETS_HEALTH_COMMISSION_VISITS"] == nil, "\(sandbox.printed)")
        #expect(sandbox.printed.contains("  GRIDWAY_SIGNING_SECRETS_HEALTH_COMMISSION_VISITS\n"))
        #expect(environment["GRIDWAY_SIGNING_SECRETS_CIVIL_AFFAIRS_ELDERLY"]?.hasPrefix("whsec_") == true)
        environment.merge(given) { $1 }
        environment["GRIDWAY_ADAPTERS_DIRECTORY"] =
            GatewayProcess.repositoryRoot.appendingPathComponent("adapters").path

        let gridway = try await FanOutServeProcess(dataDirectory: directory, environment: environment)
        let admin = try #require(gridway.adminKey)
        let (status, receipt) = try await gridway.request(
            "POST", "/v1/submissions", key: admin, idempotencyKey: "sandbox-1", body: try visitReport(minutes: 25))
        #expect(status == 202, "\(receipt)")
        let id = try #require(receipt["id"]?.stringValue)
        var submission = receipt
        let deadline = Date().addingTimeInterval(60)
        while submission["delivery"] != "delivered", Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            submission = try await gridway.request("GET", "/v1/submissions/\(id)", key: admin).body
        }
        let deliveries = submission["deliveries"]?.arrayValue ?? []
        #expect(
            Set(deliveries.compactMap { $0["target"]?.stringValue }) == [
                "civil-affairs-elderly", "health-commission-visits",
            ], "\(submission)")
        for delivery in deliveries {
            #expect(delivery["state"] == "delivered", "\(delivery)")
        }
        let told = "→ civil-affairs-elderly received POST /api/v1/elderly/visits for submission \(id) (JSON, "
        let printedBy = Date().addingTimeInterval(5)
        while !sandbox.printed.contains(told), Date() < printedBy { try await Task.sleep(for: .milliseconds(50)) }
        #expect(sandbox.printed.contains(told), "\(sandbox.printed)")
        await gridway.kill()
        #expect(await sandbox.terminate() == 0, "\(sandbox.complaints)")
    }

    /// deploy/compose/compose.yaml runs the sandbox as `sandbox` from port 9101 and gives the replicas
    /// (and the sandbox, for the signing secrets) exactly the environment it prints there.
    @Test func theComposeFileGivesTheReplicasWhatTheSandboxPrints() async throws {
        let compose = try String(
            contentsOf: GatewayProcess.repositoryRoot.appendingPathComponent("deploy/compose/compose.yaml"),
            encoding: .utf8)
        let command = try #require(compose.firstMatch(of: /command: \[(sandbox, [^\]]*)\]/)?.1)
        #expect(
            command.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } == [
                "sandbox", "--host", "0.0.0.0", "--port-base", "\"9101\"", "--advertised-host", "sandbox",
            ])
        // The `x-sandbox-environment` block: the only top-level mapping with upper-case keys.
        var composed: [String: String] = [:]
        for line in compose.split(separator: "\n") {
            if let match = line.wholeMatch(of: #/  ([A-Z][A-Z0-9_]*): (\S+)/#) {
                composed[String(match.1)] = String(match.2)
            }
        }
        // The one setting the sandbox does not print: the replicas load every shipped adapter.
        #expect(composed.removeValue(forKey: "GRIDWAY_ADAPTERS_DIRECTORY") == "/srv/gridway/adapters-available")
        let secrets = composed.filter { $0.key.hasPrefix("GRIDWAY_SIGNING_SECRETS_") }
        #expect(secrets.count == 6)

        // Free ports here instead of 9101–9108, then each system's port read as the one compose gives it.
        let sandbox = try await SandboxProcess(
            ["--port-base", "0", "--advertised-host", "sandbox"], environment: secrets)
        var printed = sandbox.environment.merging(secrets) { printed, _ in printed }
        for (index, system) in sandbox.systemList.enumerated() {
            printed = printed.mapValues { value in
                value == system.url || value.hasPrefix(system.url + "/")
                    ? "http://sandbox:\(9101 + index)" + value.dropFirst(system.url.count) : value
            }
        }
        #expect(sandbox.systemList.count == 8)
        #expect(printed == composed)
        for name in secrets.keys { #expect(sandbox.printed.contains("  \(name)\n"), "\(name) taken, not made") }
        #expect(await sandbox.terminate() == 0)
    }

    /// A malformed signing secret in the environment stops the sandbox before it serves, naming the variable.
    @Test func aMalformedGivenSecretIsRefusedByName() async throws {
        let sandbox = try await SandboxProcess(
            ["--port-base", "0"], environment: ["GRIDWAY_SIGNING_SECRETS_STREET_SAFETY_LEGACY": "whsec_not base64!"])
        #expect(await sandbox.exitStatus() != 0)
        #expect(sandbox.complaints.contains("GRIDWAY_SIGNING_SECRETS_STREET_SAFETY_LEGACY"), "\(sandbox.complaints)")
        #expect(!sandbox.printed.contains("Sandbox ready"))
    }
}
