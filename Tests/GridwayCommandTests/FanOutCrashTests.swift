import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStandIns
import Testing

/// Fan-out survives a crash of Gridway itself: the real `gridway serve` is killed with SIGKILL while
/// its deliveries hang at the upstreams, then restarted on the same data directory.
@Suite(.timeLimit(.minutes(5)), .serialized) struct FanOutCrashTests {
    static let targets = ["civil-affairs-elderly", "fanout-xml-health", "fanout-form-grid"]

    /// The three adapters in a fresh folder: the shipped JSON one and the fan-out tests' XML and form manifests.
    static func adaptersFolder(in directory: URL) throws -> URL {
        let folder = directory.appendingPathComponent("adapters")
        let fixtures = GatewayProcess.repositoryRoot.appendingPathComponent(
            "Tests/GridwayServerTests/Fixtures/fanout-adapters")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for source in [
            GatewayProcess.repositoryRoot.appendingPathComponent("adapters/civil-affairs-elderly"),
            fixtures.appendingPathComponent("fanout-xml-health"), fixtures.appendingPathComponent("fanout-form-grid"),
        ] {
            let target = folder.appendingPathComponent(source.lastPathComponent)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: source.appendingPathComponent("adapter.yaml"), to: target.appendingPathComponent("adapter.yaml"))
        }
        return folder
    }

    /// The Standard Webhooks secret of `target`.
    static func secret(of target: String) -> String { "whsec_" + Data("crash \(target)".utf8).base64EncodedString() }

    /// The submission a request to `target` is about, as its body names it.
    static func submissionID(in request: ReceivedRequest, to target: String) -> String? {
        switch target {
        case "civil-affairs-elderly": return request.json?["serialNo"]?.stringValue
        case "fanout-form-grid": return request.form?["ywbh"]?.stringValue
        default:
            let options = BodyFormatOptions(namespaces: ["soap": SOAPDepartment.envelopeNamespace])
            return (try? BodyFormat.xml.decode(request.body, options: options))?["soap:Envelope"]?["soap:Body"]?[
                "SubmitVisit"]?["visitId"]?
                .stringValue
        }
    }

    @Test func deliveriesInFlightAtSIGKILLAreDeliveredAfterTheRestartUnderTheirOwnKey() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try await JSONDepartment().start()
        let xml = try await SOAPDepartment().start()
        let form = try await FormDepartment().start()
        let controls = [Self.targets[0]: json.control, Self.targets[1]: xml.control, Self.targets[2]: form.control]
        let configuration = directory.appendingPathComponent("gridway.yaml")
        try Data(("targets:\n" + Self.targets.map { "  \($0): {timeout: 2s}\n" }.joined()).utf8).write(
            to: configuration)
        var environment = [
            "GRIDWAY_ADAPTERS_DIRECTORY": try Self.adaptersFolder(in: directory).path,
            "GRIDWAY_CONFIG": configuration.path,
            "CIVIL_AFFAIRS_URL": json.baseURL, "CIVIL_AFFAIRS_TOKEN": "crash-token", "FANOUT_XML_URL": xml.baseURL,
            "FANOUT_FORM_URL": form.baseURL,
        ]
        for target in Self.targets {
            environment["GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")] =
                Self.secret(of: target)
        }
        for control in controls.values { control.failAlways(.hang(.seconds(3))) }

        let first = try await FanOutServeProcess(
            dataDirectory: directory.appendingPathComponent("data"), environment: environment)
        let admin = try #require(first.adminKey)
        var accepted: [String] = []
        for index in 0..<12 {
            let (status, receipt) = try await first.request(
                "POST", "/v1/submissions", key: admin, idempotencyKey: "crash-\(index)",
                body: try visitReport(minutes: index + 1))
            #expect(status == 202)
            accepted += receipt["id"]?.stringValue.map { [$0] } ?? []
        }
        let deadline = Date().addingTimeInterval(20)
        while controls.values.contains(where: { $0.requests.isEmpty }), Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        await first.kill()
        let beforeCrash = controls.mapValues(\.requests)
        #expect(beforeCrash.values.allSatisfy { !$0.isEmpty }, "every upstream had a delivery in flight at the crash")
        for control in controls.values { control.reset() }

        let second = try await FanOutServeProcess(
            dataDirectory: directory.appendingPathComponent("data"), environment: environment)
        let settled = Date().addingTimeInterval(120)
        var delivered = 0
        while delivered < accepted.count * Self.targets.count, Date() < settled {
            try await Task.sleep(for: .milliseconds(200))
            let (_, page) = try await second.request("GET", "/v1/deliveries?state=delivered&limit=200", key: admin)
            delivered = page["items"]?.arrayValue?.count ?? 0
        }
        await second.kill()
        await json.stop()
        await xml.stop()
        await form.stop()

        #expect(accepted.count == 12)
        #expect(delivered == accepted.count * Self.targets.count, "every delivery ends delivered")
        var resent = 0
        for target in Self.targets {
            let before = beforeCrash[target] ?? []
            let after = controls[target]?.requests ?? []
            let seen = Dictionary(grouping: before + after) { Self.submissionID(in: $0, to: target) ?? "unreadable" }
            #expect(Set(seen.keys) == Set(accepted), "\(target) saw every accepted submission and nothing else")
            for (submission, requests) in seen {
                #expect(
                    Set(requests.map { $0.header("Idempotency-Key") }) == ["gridway:\(submission):\(target)"],
                    "\(target) saw \(submission) \(requests.count) times, always under its one key")
            }
            let signer = try WebhookSigner(secrets: [Self.secret(of: target)])
            for request in before + after {
                let signed = request.header("webhook-id").flatMap { id in
                    request.header("webhook-timestamp").flatMap(Int64.init).flatMap { timestamp in
                        request.header("webhook-signature").map {
                            signer.verify(
                                id: id, timestamp: timestamp, body: request.body, signatureHeader: $0, now: Date(),
                                tolerance: 600)
                        }
                    }
                }
                #expect(signed == true, "\(target): every request verifies with the target's secret")
            }
            let keysBefore = Set(before.map { $0.header("Idempotency-Key") })
            resent += Set(after.map { $0.header("Idempotency-Key") }).intersection(keysBefore).count
        }
        #expect(resent > 0, "deliveries cut off by the crash were sent again after the restart")
    }
}
