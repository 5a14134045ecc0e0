import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A report that will not reach 民政局 by its deadline (`x-gridway-deadline`, P5D: November's reports
/// by the end of 5 December, Beijing time): its unit is told once, in plain Chinese, the operator's
/// metric counts it, the target's late report lists it after the deadline, and a delivery that lands
/// after it says so. Time is a test clock.
@Suite(.timeLimit(.minutes(3))) struct DeadlineWatchTests {
    @Test func aReportAtRiskOfItsDeadlineIsToldToItsUnitOnceAndCountedForTheOperator() async throws {
        let clock = TestClock(date: try #require(try? Date("2026-12-05T10:00:00Z", strategy: .iso8601)))
        try await withDepartments { departments in
            departments.json.control.failAlways(.serverError)
            let gateway = try await FanOutGateway(
                on: try await TestGateway(clock: clock), adapters: try departments.adapters,
                configuration: "targets:\n  \(Departments.jsonTarget): {retryDelay: 1h}\n", secrets: Departments.secrets
            )
            @Sendable func atCivilAffairs(_ id: String) async throws -> Delivery? {
                try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }
            }
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.base.portalUser("liximei", role: .staff(unit: "210102001001"))
            try await gateway.application.test(.router) { client in
                let id = try await gateway.submitVisit(client, idempotencyKey: "late")
                try await eventually("the first attempt failed") { try await atCivilAffairs(id)?.state == .retrying }
                try await gateway.waitUntilDeliveries(of: [id], are: .delivered, except: Departments.jsonTarget)
                let watch = DeadlineWatch(
                    services: gateway.services, margin: .seconds(24 * 3600), interval: .seconds(60),
                    logger: Logger(label: "test"))
                #expect(try await watch.sendNotices(now: clock.date).map(\.target) == [Departments.jsonTarget])
                #expect(try await watch.sendNotices(now: clock.date).isEmpty, "one notice per delivery")

                let inbox = try await gateway.call(client, .get, "/v1/inbox", key: "community").body
                let notices = inbox["items"]?.arrayValue ?? []
                #expect(notices.count == 1)
                let title = notices.first?["title"]?.stringValue ?? ""
                let body = notices.first?["body"]?.stringValue ?? ""
                #expect(title.hasPrefix("报送提醒："), "\(title)")
                #expect(body.contains("2026-11 的") && body.contains("报送截止时间是 2026年12月5日"), "\(body)")
                #expect(body.contains("您不用重新填报"), "\(body)")
                #expect(!body.contains(Departments.jsonTarget), "the system by its name, not its id: \(body)")
                let worker = PortalBrowser(client)
                try await worker.signIn(username: "liximei", password: "correct horse battery")
                let portalInbox = try await worker.get("/portal/inbox").body
                #expect(portalInbox.contains("发送方：基层报表通系统") && !portalInbox.contains("发送方不明"), "\(portalInbox)")
                let sibling = try await gateway.call(client, .get, "/v1/inbox", key: "sibling").body
                #expect(sibling["items"]?.arrayValue?.isEmpty == true, "only the submitting unit is told")

                let metrics = try await client.execute(
                    uri: "/metrics", method: .get, headers: gateway.base.headers("admin", contentType: nil)
                ) { String(buffer: $0.body) }
                #expect(
                    metrics.contains(
                        #"gridway_delivery_deadline_notices_total{target="civil-affairs-elderly",outcome="at-risk"} 1"#),
                    "\(metrics.split(separator: "\n").filter { $0.contains("deadline") })")

                let late = "/v1/targets/\(Departments.jsonTarget)/late?period=2026-11"
                #expect(try await gateway.call(client, .get, late).body["count"] == 0, "not late before the deadline")
                clock.advance(by: .seconds(7 * 3600))  // 2026-12-05T17:00Z: past the deadline
                #expect(try await gateway.call(client, .get, late).body["count"] == 1)
                #expect(try await gateway.call(client, .get, late, key: "community").status == .forbidden)
                let browser = PortalBrowser(client)
                try await browser.signIn(username: "operator", password: "correct horse battery")
                #expect(try await browser.get("/portal/admin/targets").body.contains("逾期未送达 1 份"))
                let listed = try await browser.get("/portal/admin/deliveries?target=\(Departments.jsonTarget)").body
                #expect(listed.contains("已逾期（截止 2026-12-06 00:00）"), "the operator sees it is late")

                // The retry the advance made due fails too; once it is recorded, the upstream recovers.
                try await eventually("the second attempt failed") { try await atCivilAffairs(id)?.attempts == 2 }
                departments.json.control.recover()
                clock.advance(by: .seconds(24 * 3600))  // past the next retry, however it backed off
                try await eventually("delivered after the deadline") {
                    try await atCivilAffairs(id)?.state == .delivered
                }
                let receipt = try await gateway.call(client, .get, "/v1/submissions/\(id)", key: "community").body
                let view = receipt["deliveries"]?.arrayValue?.first { $0["target"] == .string(Departments.jsonTarget) }
                #expect(view?["deadline"] == "2026-12-05T16:00:00.000Z")
                #expect(view?["late"] == true)
            }
        }
    }
}
