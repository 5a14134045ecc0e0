import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import OrderedCollections
import Testing

extension ReplicaTests {
    /// Creates a key with `gridway keys create ARGUMENTS` on the shared store and returns its secret.
    private static func createKey(_ arguments: [String], environment: [String: String]) async throws -> String {
        let created = try await GatewayProcess.run(["keys", "create"] + arguments, environment: environment)
        guard created.status == 0, let secret = created.output.split(separator: "\n").last, secret.hasPrefix("gw_")
        else {
            throw GatewayProcessError(reason: "gridway keys create \(arguments) failed: \(created.output)")
        }
        return String(secret)
    }

    /// Publishes a result through `replica` as `sender` and returns its id.
    private static func publish(
        _ replica: FanOutServeProcess, sender: String, kind: String = "notice", title: String, audience: JSONValue,
        task: JSONValue? = nil
    ) async throws -> String {
        var body: JSONValue = ["kind": .string(kind), "title": .string(title), "body": "请查收。", "audience": audience]
        if let task, case .object(var members) = body {
            members["task"] = task
            body = .object(members)
        }
        let (status, reply) = try await replica.request(
            "POST", "/v1/results", key: sender, idempotencyKey: UUID().uuidString, body: body)
        guard status == 201, let id = reply["id"]?.stringValue else {
            throw GatewayProcessError(reason: "publishing \(title) through a replica answered \(status): \(reply)")
        }
        return id
    }

    @Test(
        .enabled(if: TestDatabase.serverURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set: no PostgreSQL to share"))
    func anInboxStreamOnOneReplicaSeesResultsAndAcknowledgementsMadeThroughAnother() async throws {
        let database = try await TestDatabase.create()
        let environment = ["GRIDWAY_STORE": "postgres", "GRIDWAY_POSTGRES_URL": database.url]
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unused = directory.appendingPathComponent("unused")
        let a = try await FanOutServeProcess(dataDirectory: unused, environment: environment)
        let b = try await FanOutServeProcess(dataDirectory: unused, environment: environment)
        let staff = try await Self.createKey(
            ["--role", "staff", "--unit", "210102001001", "--name", "北京街社区 网格员"], environment: environment)
        let upstream = try await Self.createKey(
            ["--role", "upstream", "--target", "civil-affairs-elderly", "--unit", "210102001", "--name", "区民政局"],
            environment: environment.merging(
                ["GRIDWAY_ADAPTERS_DIRECTORY": GatewayProcess.repositoryRoot.appendingPathComponent("adapters").path]
            ) { $1 })
        let mine: JSONValue = ["units": ["210102001001"]]
        let sibling: JSONValue = ["units": ["210102001002"]]
        let street: JSONValue = ["unit": "210102001", "scope": "subtree"]
        let task: JSONValue = [
            "contract": "elderly-visit@1", "period": "2026-11",
            "dueAt": .string(Timestamp.format(Date().addingTimeInterval(30 * 86_400))),
        ]
        _ = try await Self.publish(b, sender: upstream, title: "连接前", audience: mine)

        let stream = EventStreamReader(url: a.baseURL.appendingPathComponent("v1/inbox/stream"), key: staff)
        defer { stream.close() }
        let opened = try await stream.wait(until: Date().addingTimeInterval(30)) {
            $0.text.contains(": inbox of 210102001001")
        }
        try #require(opened, "replica A opened no inbox stream: \(stream.text)")
        // A stream also re-reads its inbox on its 15 s keep-alive; staying under that, only the
        // wake-up from B's commit can bring the results in time.
        let beforeKeepAlive = Date().addingTimeInterval(14)
        let outside = try await Self.publish(b, sender: upstream, title: "中华路", audience: sibling)
        let addressed = try await Self.publish(
            b, sender: upstream, kind: "task", title: "十一月走访填报", audience: mine, task: task)
        let outsideAgain = try await Self.publish(b, sender: upstream, title: "中华路二", audience: sibling)
        let subtree = try await Self.publish(b, sender: upstream, title: "街道全体", audience: street)
        let arrived = try await stream.wait(until: beforeKeepAlive) { $0.events.count >= 2 }
        let events = stream.events

        let (acknowledged, ack) = try await b.request("POST", "/v1/inbox/\(addressed)/ack", key: staff)
        let (_, inbox) = try await a.request("GET", "/v1/inbox", key: staff)
        await a.kill()
        await b.kill()
        try await database.drop()

        #expect(arrived, "results published through B reached A's stream before its keep-alive: \(stream.text)")
        #expect(events.map(\.id) == [addressed, subtree], "exactly the unit's new results, in order: \(stream.text)")
        #expect(events.allSatisfy { $0.name == "result" && $0.data["id"]?.stringValue == $0.id })
        #expect(events.first?.data["kind"] == "task" && events.first?.data["state"] == "unread")
        #expect(!stream.text.contains(outside) && !stream.text.contains(outsideAgain), "a sibling's results never show")
        #expect(acknowledged == 200)
        let items = inbox["items"]?.arrayValue ?? []
        let read = items.first { $0["id"]?.stringValue == addressed }
        #expect(read?["state"] == "acknowledged", "A reads the acknowledgement made through B: \(inbox)")
        #expect(read?["acknowledgedAt"] == ack["acknowledgedAt"] && ack["acknowledgedAt"]?.stringValue != nil)
        #expect(items.first { $0["id"]?.stringValue == subtree }?["state"] == "unread")
        #expect(items.count == 3 && !items.contains { [outside, outsideAgain].contains($0["id"]?.stringValue) })
    }
}
