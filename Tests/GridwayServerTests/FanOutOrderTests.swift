import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// Order per subject through the real dispatcher and a real upstream: the 民政局 stand-in fails the
/// first attempt of one elder's report; her next report waits for it, while another elder's report is
/// delivered meanwhile. Retries wait on a test clock, so nothing here depends on how fast the machine is.
@Suite(.timeLimit(.minutes(3))) struct FanOutOrderTests {
    private static let elder = "210102193805120025"
    private static let neighbour = "210102194007150033"

    private static func visit(about elder: String, minutes: Int) throws -> ByteBuffer {
        try visitBody(minutes: minutes) { $0["elderIdNumber"] = .string(elder) }
    }

    @Test func aSubjectsNextReportWaitsForItsFailedOneWhileAnotherSubjectIsDelivered() async throws {
        let clock = TestClock()
        try await withDepartments { departments in
            departments.json.control.fail(.serverError, times: 1)
            let gateway = try await FanOutGateway(
                on: try await TestGateway(clock: clock), adapters: try departments.adapters,
                configuration: "targets:\n  \(Departments.jsonTarget): {retryDelay: 1m}\n", secrets: Departments.secrets
            )
            @Sendable func atCivilAffairs(_ id: String) async throws -> DeliveryState? {
                try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }?.state
            }
            try await gateway.application.test(.router) { client in
                let first = try await gateway.submitVisit(
                    client, try Self.visit(about: Self.elder, minutes: 30), idempotencyKey: "first")
                try await eventually("the first attempt failed") { try await atCivilAffairs(first) == .retrying }
                clock.advance(by: .milliseconds(1))
                let second = try await gateway.submitVisit(
                    client, try Self.visit(about: Self.elder, minutes: 40), idempotencyKey: "second")
                clock.advance(by: .milliseconds(1))
                let other = try await gateway.submitVisit(
                    client, try Self.visit(about: Self.neighbour, minutes: 50), idempotencyKey: "other")
                try await eventually("the other elder's report is delivered") {
                    try await atCivilAffairs(other) == .delivered
                }
                try await gateway.waitUntilDeliveries(
                    of: [first, second], are: .delivered, except: Departments.jsonTarget)
                #expect(try await atCivilAffairs(first) == .retrying, "its retry is a minute away on the test clock")
                #expect(try await atCivilAffairs(second) == .pending, "held back by the first")

                clock.advance(by: .seconds(120))
                try await gateway.waitUntilDeliveries(of: [first, second, other], are: .delivered)
                let arrivals = departments.json.control.requests.compactMap { request in
                    request.header("Idempotency-Key")?.split(separator: ":").dropFirst().first.map(String.init)
                }
                #expect(
                    arrivals == [first, other, first, second], "the first (failed), the other, the first, the second")
            }
        }
    }

    /// A dead report that a later report about the same elder has overtaken is not replayed by
    /// accident: the operator is told why, and chooses with `?outOfOrder=true`.
    @Test func replayingAReportALaterOneOvertookNeedsTheOperatorsChoice() async throws {
        try await withDepartments { departments in
            departments.json.control.fail(.badRequest("身份证号校验失败"), times: 1)
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters, secrets: Departments.secrets)
            @Sendable func atCivilAffairs(_ id: String) async throws -> Delivery? {
                try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }
            }
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.application.test(.router) { client in
                let first = try await gateway.submitVisit(
                    client, try Self.visit(about: Self.elder, minutes: 30), idempotencyKey: "first")
                try await eventually("the first is refused for good") {
                    try await atCivilAffairs(first)?.state == .dead
                }
                let second = try await gateway.submitVisit(
                    client, try Self.visit(about: Self.elder, minutes: 40), idempotencyKey: "second")
                try await eventually("the second is delivered") {
                    try await atCivilAffairs(second)?.state == .delivered
                }

                let dead = try #require(try await atCivilAffairs(first)).id
                let (refused, problem) = try await gateway.call(client, .post, "/v1/deliveries/\(dead)/replay")
                #expect(refused == .conflict)
                #expect(problem["type"] == "/problems/replay-out-of-order", "\(problem)")
                let browser = PortalBrowser(client)
                try await browser.signIn(username: "operator", password: "correct horse battery")
                try await browser.get("/portal/admin/deliveries")
                let page = try await browser.post("/portal/admin/deliveries/\(dead)/replay", [])
                #expect(page.status == .conflict)
                #expect(page.body.contains("同一对象的后一条填报已经送达"), "the operator is told why, in Chinese")
                let bulk = try await gateway.call(client, .post, "/v1/targets/\(Departments.jsonTarget)/replay").body
                #expect(bulk["replayed"] == 0)
                #expect(bulk["heldBack"] == [.string(dead)])
                let (chosen, _) = try await gateway.call(client, .post, "/v1/deliveries/\(dead)/replay?outOfOrder=true")
                #expect(chosen == .ok)
                try await eventually("the first is delivered after all") {
                    try await atCivilAffairs(first)?.state == .delivered
                }
            }
        }
    }
}
