import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OrderedCollections
import Testing

/// Reminders before a task's due time, and each unit's state on a task in its inbox.
@Suite(.timeLimit(.minutes(3))) struct ResultReminderTests {
    private func postTask(
        _ client: some TestClientProtocol, _ gateway: TestGateway, _ title: String, dueAt: Date, key: String
    ) async throws -> String {
        let (status, task) = try await postResult(
            client, gateway, idempotencyKey: key,
            resultBody(kind: "task", title: title) { $0["task"] = visitTask(dueAt: Timestamp.format(dueAt)) })
        #expect(status == .created)
        return try #require(task["id"]?.stringValue)
    }

    private func submit(_ client: some TestClientProtocol, _ gateway: TestGateway, unit: String, at: Date? = nil)
        async throws
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post,
            headers: gateway.headers("street", idempotencyKey: UUID().uuidString),
            body: try visitBody(unit: unit)
        ) { #expect($0.status == .accepted) }
    }

    private func inbox(_ client: some TestClientProtocol, _ gateway: TestGateway, as key: String) async throws
        -> [JSONValue]
    {
        try await client.execute(uri: "/v1/inbox", method: .get, headers: gateway.headers(key, contentType: nil)) {
            try $0.json["items"]?.arrayValue ?? []
        }
    }

    @Test func aReminderGoesOnceToTheUnitsThatHaveNotSubmitted() async throws {
        let gateway = try await TestGateway()
        let reminders = TaskReminders(
            services: gateway.services, lead: .seconds(2 * 3600), interval: .seconds(60), logger: Logger(label: "test"))
        try await gateway.application.test(.router) { client in
            let soon = try await postTask(client, gateway, "十一月走访", dueAt: Date() + 3600, key: "soon")
            let later = try await postTask(client, gateway, "十一月复访", dueAt: Date() + 3 * 3600, key: "later")
            try await submit(client, gateway, unit: "210102001001")
            try await submit(client, gateway, unit: "210102001001001")

            let sent = try await reminders.sendDueReminders(now: Date())
            #expect(sent.count == 1, "only the task due within the lead time")
            let reminder = try #require(sent.first)
            #expect(reminder.request.kind == .notice)
            #expect(reminder.request.title == "催报提醒：十一月走访")
            #expect(reminder.request.data?["reminderOf"] == .string(soon))
            guard case .units(let units) = reminder.request.audience else {
                Issue.record("a reminder names its units")
                return
            }
            #expect(units.count == 10, "12 addressed units, 2 submitted")
            #expect(!units.contains("210102001001") && !units.contains("210102001001001"))
            #expect(units.contains("210102001002"))

            #expect(try await reminders.sendDueReminders(now: Date()).isEmpty, "one reminder per task")
            let next = try await reminders.sendDueReminders(now: Date() + 2 * 3600)
            #expect(next.map { $0.request.data?["reminderOf"] } == [.string(later)])

            let siblingTitles = try await inbox(client, gateway, as: "sibling").compactMap { $0["title"]?.stringValue }
            #expect(siblingTitles.contains("催报提醒：十一月走访"))
            let communityTitles = try await inbox(client, gateway, as: "community").compactMap {
                $0["title"]?.stringValue
            }
            #expect(!communityTitles.contains("催报提醒：十一月走访"), "the community has submitted")
        }
    }

    /// The running service looks on its schedule by the services' clock: a task due in 3 h gets its
    /// reminder (2 h lead) once the clock is an hour on, not before.
    @Test func theRunningServiceSendsTheReminderWhenTheClockEntersTheLeadTime() async throws {
        let clock = TestClock()
        let gateway = try await TestGateway(clock: clock)
        var services = gateway.services
        services.configuration.reminderLead = .seconds(2 * 3600)
        services.configuration.reminderInterval = .seconds(60)
        try await buildApplication(services).test(.router) { client in
            func reminders() async throws -> [String] {
                try await inbox(client, gateway, as: "sibling").compactMap { $0["title"]?.stringValue }
                    .filter { $0.hasPrefix("催报提醒") }
            }
            _ = try await postTask(client, gateway, "十一月走访", dueAt: clock.date + 3 * 3600, key: "due-in-3h")
            await clock.waitForSleepers(1)  // the service's first look, at start, found the task not due
            clock.advance(by: .seconds(60))
            await clock.waitForSleepers(1)
            #expect(try await reminders().isEmpty, "3 h before the due time: not yet")
            clock.advance(by: .seconds(3600))
            await clock.waitForSleepers(1)
            #expect(try await reminders() == ["催报提醒：十一月走访"], "within 2 h of the due time")
        }
    }

    @Test func aTaskAnsweredByEveryoneGetsNoReminder() async throws {
        let gateway = try await TestGateway()
        let reminders = TaskReminders(
            services: gateway.services, lead: .seconds(3600), interval: .seconds(60), logger: Logger(label: "test"))
        try await gateway.application.test(.router) { client in
            let (status, _) = try await postResult(
                client, gateway, idempotencyKey: "one",
                resultBody(kind: "task", audience: ["units": ["210102001002"]]) {
                    $0["task"] = visitTask(dueAt: Timestamp.format(Date() + 600))
                })
            #expect(status == .created)
            try await submit(client, gateway, unit: "210102001002")
            #expect(try await reminders.sendDueReminders(now: Date()).isEmpty)
        }
    }

    @Test func eachInboxTaskCarriesTheUnitsState() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let open = try await postTask(client, gateway, "本月走访", dueAt: Date() + 3600, key: "open")
            let past = try await postTask(client, gateway, "上期走访", dueAt: Date() - 3600, key: "past")
            func state(of id: String, as key: String) async throws -> JSONValue? {
                try await inbox(client, gateway, as: key).first { $0["id"] == .string(id) }?["task"]?["state"]
            }
            #expect(try await state(of: open, as: "community") == "open")
            #expect(try await state(of: past, as: "community") == "overdue")
            try await submit(client, gateway, unit: "210102001001")
            // Both tasks ask for the same contract and period: the one submission answers both.
            #expect(try await state(of: open, as: "community") == "submitted")
            #expect(try await state(of: past, as: "community") == "late")
            #expect(try await state(of: open, as: "sibling") == "open", "a sibling's submission is its own")

            let (status, item) = try await client.execute(
                uri: "/v1/results/\(past)", method: .get, headers: gateway.headers("community", contentType: nil)
            ) { ($0.status, try $0.json) }
            #expect(status == .ok)
            #expect(item["task"]?["state"] == "late")
            #expect(item["task"]?["submittedAt"]?.stringValue != nil)
        }
    }
}
