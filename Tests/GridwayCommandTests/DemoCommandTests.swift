import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `gridway demo` run as a child process from the repository root, as the README runs it.
final class DemoProcess: Sendable {
    private let process: ChildProcess
    private let output = PrintedData()

    /// Starts `gridway demo --port 0` on `dataDirectory` and waits until it printed its guide.
    init(dataDirectory: URL) async throws {
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { [output] in output.append($0.availableData) }
        process = try ChildProcess(
            GatewayProcess.executable, ["demo", "--port", "0", "--data-directory", dataDirectory.path],
            directory: GatewayProcess.repositoryRoot, output: .pipe(pipe)
        )
        let deadline = Date().addingTimeInterval(60)
        while !output.text.contains("Ctrl-C stops") {
            guard process.isRunning, Date() < deadline else {
                throw GatewayProcessError(reason: "gridway demo did not start: \(output.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Everything printed on stdout so far.
    var printed: String { output.text }

    /// The rest of the first printed line that starts with `prefix` (after leading spaces).
    func value(after prefix: String) -> String? {
        printed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }
    }

    /// Sends SIGTERM and returns the exit status.
    func terminate() async -> Int32 {
        await process.end(with: SIGTERM)
    }
}

@Suite(.timeLimit(.minutes(5)), .serialized) struct DemoCommandTests {
    /// The README's first command: the printed report, submitted with the printed key, reaches every target.
    @Test func thePrintedReportIsDeliveredToEveryTarget() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try await DemoProcess(dataDirectory: directory)
        let base = try #require(demo.value(after: "Gridway listening on "))
        let staffKey = try #require(demo.value(after: "staff key for 210102001001 北京街社区: "))
        let curl = try #require(
            demo.value(after: "curl -sS \(base)/v1/submissions -H "), "no submission curl line in:\n\(demo.printed)")
        #expect(curl.contains("'Authorization: Bearer \(staffKey)'"))
        let idempotencyKey = try #require(curl.firstMatch(of: /Idempotency-Key: ([^']+)'/)?.1)
        let quoted = try #require(curl.firstMatch(of: /--data-binary '(.*)'$/)?.1)
        let report = try JSONValue(parsing: Array(quoted.replacingOccurrences(of: "'\\''", with: "'").utf8))
        #expect(report["contract"] == "elderly-visit@1")

        let (status, receipt) = try await send(
            "POST", "\(base)/v1/submissions", key: staffKey, headers: ["Idempotency-Key": String(idempotencyKey)],
            body: report)
        #expect(status == 202, "\(receipt)")
        let id = try #require(receipt["id"]?.stringValue)
        let targets = (receipt["deliveries"]?.arrayValue ?? []).compactMap { $0["target"]?.stringValue }
        #expect(Set(targets) == ["civil-affairs-elderly", "health-commission-visits"])

        var submission = receipt
        let deadline = Date().addingTimeInterval(30)
        while submission["delivery"] != "delivered", Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            submission = try await send("GET", "\(base)/v1/submissions/\(id)", key: staffKey).body
        }
        let deliveries = submission["deliveries"]?.arrayValue ?? []
        #expect(deliveries.count == 2)
        for delivery in deliveries {
            #expect(delivery["state"] == "delivered", "\(delivery)")
            #expect(delivery["receipt"]?.stringValue?.isEmpty == false, "\(delivery)")
        }
        // The watcher stops after the application and reports what it had not yet: no wait for its next look.
        #expect(await demo.terminate() == 0)
        for target in targets {
            #expect(demo.printed.contains("✓ \(target) delivered submission \(id)"), "\(demo.printed)")
        }
        #expect(demo.printed.hasSuffix("Demo stopped.\n"))
    }

    /// The README's portal steps: the portal address and both sign-ins the demo prints open the worker's
    /// tasks and the operator's deliveries.
    @Test func thePrintedPortalSignInsWork() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try await DemoProcess(dataDirectory: directory)
        let base = try #require(demo.value(after: "Gridway listening on "))
        let portal = try #require(demo.value(after: "Web portal: ")?.split(separator: " ").first.map(String.init))
        #expect(portal == base + "/portal")
        let worker = try #require(
            demo.printed.firstMatch(of: /community worker 李晓梅 of 北京街社区 210102001001: username (\S+), password (\S+)/))
        let admin = try #require(demo.printed.firstMatch(of: /operator 王强: username (\S+), password (\S+)/))

        let workerPage = try await signIn(portal, username: String(worker.1), password: String(worker.2))
        #expect(workerPage.url.hasSuffix("/portal/tasks"), "\(workerPage.url)")
        #expect(workerPage.body.contains("李晓梅"))
        let adminPage = try await signIn(portal, username: String(admin.1), password: String(admin.2))
        #expect(adminPage.url.hasSuffix("/portal/admin/deliveries"), "\(adminPage.url)")
        let refused = try await signIn(portal, username: String(worker.1), password: "not the printed one")
        #expect(refused.url.hasSuffix("/portal/sign-in"))

        // The README's step: a user created in the demo's data directory signs in to the running demo.
        let created = try await GatewayProcess.run(
            [
                "users", "create", "wangwei", "--role", "staff", "--unit", "210102001002", "--name", "王伟",
                "--data-directory", directory.path,
                "--password-stdin",
            ],
            input: "correct horse battery\n")
        #expect(
            created.output.contains(
                "in the SQLite database \(directory.appendingPathComponent("gridway.sqlite").path)."),
            "\(created.output)")
        let added = try await signIn(portal, username: "wangwei", password: "correct horse battery")
        #expect(added.url.hasSuffix("/portal/tasks"), "\(added.url)")
        #expect(added.body.contains("王伟"))
        #expect(await demo.terminate() == 0)
    }

    /// Signs in to `portal` in a fresh cookie jar as a browser does; the page it lands on, and its address.
    private func signIn(_ portal: String, username: String, password: String) async throws -> (
        url: String, body: String
    ) {
        let session = URLSession(configuration: .ephemeral)
        let (form, _) = try await session.data(from: try #require(URL(string: portal + "/sign-in")))
        let page = String(decoding: form, as: UTF8.self)
        let csrf = try #require(page.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        var request = URLRequest(url: try #require(URL(string: portal + "/sign-in")))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let fields = [("_csrf", String(csrf)), ("method", "password"), ("username", username), ("password", password)]
        let encoded = fields.map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        request.httpBody = Data(encoded.joined(separator: "&").utf8)
        let (data, response) = try await session.data(for: request)
        return (response.url?.absoluteString ?? "", String(decoding: data, as: UTF8.self))
    }

    private func send(
        _ method: String, _ url: String, key: String, headers: [String: String] = [:], body: JSONValue? = nil
    )
        async throws -> (status: Int, body: JSONValue)
    {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.allHTTPHeaderFields = headers.merging([
            "Authorization": "Bearer \(key)", "Content-Type": "application/json",
        ]) { $1 }
        request.httpBody = body.map { Data($0.serialized()) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try JSONValue(parsing: Array(data)))
    }
}
