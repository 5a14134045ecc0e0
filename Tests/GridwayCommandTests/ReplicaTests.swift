import Foundation
import GridwayCore
import GridwayJSON
import GridwayStandIns
import GridwayTestSupport
import Testing

/// Three real `gridway serve` replicas on one PostgreSQL database, delivering to stand-ins on loopback.
@Suite(.timeLimit(.minutes(5)), .serialized) struct ReplicaTests {
    /// Sends the same report from several clients: `key` alone decides whether it is new.
    private static func submit(_ replica: FanOutServeProcess, admin: String, key: String, minutes: Int) async throws
        -> String?
    {
        let (status, receipt) = try await replica.request(
            "POST", "/v1/submissions", key: admin, idempotencyKey: key, body: try visitReport(minutes: minutes))
        return status == 202 ? receipt["id"]?.stringValue : nil
    }

    @Test(
        .enabled(if: TestDatabase.serverURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set: no PostgreSQL to share"))
    func threeReplicasStoreEachSubmissionOnceAndDeliverEachOnceUnderItsKey() async throws {
        let database = try await TestDatabase.create()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try await JSONDepartment().start()
        let xml = try await SOAPDepartment().start()
        let form = try await FormDepartment().start()
        let targets = FanOutCrashTests.targets
        let controls = [targets[0]: json.control, targets[1]: xml.control, targets[2]: form.control]
        let configuration = directory.appendingPathComponent("gridway.yaml")
        try Data(("targets:\n" + targets.map { "  \($0): {timeout: 2s}\n" }.joined()).utf8).write(to: configuration)
        var environment = [
            "GRIDWAY_STORE": "postgres", "GRIDWAY_POSTGRES_URL": database.url,
            "GRIDWAY_ADAPTERS_DIRECTORY": try FanOutCrashTests.adaptersFolder(in: directory).path,
            "GRIDWAY_CONFIG": configuration.path,
            "CIVIL_AFFAIRS_URL": json.baseURL, "CIVIL_AFFAIRS_TOKEN": "crash-token", "FANOUT_XML_URL": xml.baseURL,
            "FANOUT_FORM_URL": form.baseURL,
        ]
        for target in targets {
            environment["GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")] =
                FanOutCrashTests.secret(of: target)
        }
        for control in controls.values { control.failAlways(.hang(.seconds(3))) }

        // Replica A takes deliveries and hangs at the upstreams; B and C join; A is killed mid-delivery.
        let data = directory.appendingPathComponent("unused")
        let a = try await FanOutServeProcess(dataDirectory: data, environment: environment)
        let admin = try #require(a.adminKey)
        var accepted: [String: String] = [:]  // idempotency key → submission
        for index in 0..<6 {
            accepted["a-\(index)"] = try await Self.submit(a, admin: admin, key: "a-\(index)", minutes: index + 1)
        }
        let inFlight = Date().addingTimeInterval(20)
        while controls.values.contains(where: { $0.requests.isEmpty }), Date() < inFlight {
            try await Task.sleep(for: .milliseconds(10))
        }
        let b = try await FanOutServeProcess(dataDirectory: data, environment: environment)
        let c = try await FanOutServeProcess(dataDirectory: data, environment: environment)
        #expect(b.adminKey == nil && c.adminKey == nil, "only the first replica creates an admin key")
        await a.kill()
        let beforeKill = controls.mapValues(\.requests)
        #expect(beforeKill.values.allSatisfy { !$0.isEmpty }, "every upstream had a delivery in flight at the kill")
        for control in controls.values { control.reset() }

        // Several clients at once: the same key through both replicas, and keys of their own.
        let replies = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for index in 0..<10 {
                let sends = [
                    (b, "same-\(index)", 30), (c, "same-\(index)", 30), (b, "b-\(index)", 50), (c, "c-\(index)", 70),
                ]
                for (replica, key, minutes) in sends {
                    group.addTask {
                        (key, try await Self.submit(replica, admin: admin, key: key, minutes: minutes + index))
                    }
                }
            }
            return try await group.reduce(into: [(String, String?)]()) { $0.append($1) }
        }
        for (key, id) in replies {
            // A duplicate racing its twin within one replica may be told 409 (in flight); never another id.
            guard let id else { continue }
            #expect(
                accepted[key] == nil || accepted[key] == id, "\(key) stored twice: \(accepted[key] ?? "") and \(id)")
            accepted[key] = id
        }
        #expect(accepted.count == 36, "every key was accepted by some replica")

        let total = Set(accepted.values).count * targets.count
        var delivered = 0
        let settled = Date().addingTimeInterval(120)
        while delivered < total, Date() < settled {
            try await Task.sleep(for: .milliseconds(250))
            let (_, page) = try await c.request("GET", "/v1/deliveries?state=delivered&limit=200", key: admin)
            delivered = page["items"]?.arrayValue?.count ?? 0
        }
        let (_, listing) = try await b.request("GET", "/v1/submissions?limit=200", key: admin)
        let stored = listing["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        await b.kill()
        await c.kill()
        await json.stop()
        await xml.stop()
        await form.stop()
        let audit = try await GatewayProcess.run(["audit", "verify"], environment: environment)
        try await database.drop()

        #expect(Set(accepted.values).count == 36, "36 keys, 36 submissions")
        #expect(stored.count == 36 && Set(stored) == Set(accepted.values), "each submission stored once")
        #expect(delivered == total, "every delivery ends delivered")
        for target in targets {
            let requests = (beforeKill[target] ?? []) + (controls[target]?.requests ?? [])
            let seen = Dictionary(grouping: requests) {
                FanOutCrashTests.submissionID(in: $0, to: target) ?? "unreadable"
            }
            #expect(Set(seen.keys) == Set(accepted.values), "\(target) saw every submission and nothing else")
            for (submission, requests) in seen {
                #expect(
                    Set(requests.map { $0.header("Idempotency-Key") }) == ["gridway:\(submission):\(target)"],
                    "\(target) saw \(submission) \(requests.count) times, always under its one key")
            }
        }
        let keysBeforeKill = Set(beforeKill.values.joined().map { $0.header("Idempotency-Key") })
        let keysAfterKill = Set(controls.values.flatMap(\.requests).map { $0.header("Idempotency-Key") })
        #expect(!keysBeforeKill.isDisjoint(with: keysAfterKill), "deliveries cut off by the kill were sent again")
        #expect(audit.status == 0 && audit.output.contains("audit chain intact"), "\(audit.output)")
    }
}
