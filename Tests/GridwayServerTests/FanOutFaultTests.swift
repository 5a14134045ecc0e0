import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Fan-out under upstreams that are down, failing for good, or hanging: deliveries end where they
/// should, within their budget, without holding back the other targets. Timing is asserted by lower
/// bounds, counts and order only.
@Suite(.timeLimit(.minutes(3))) struct FanOutFaultTests {
    @Test func anUpstreamDownForAWhileGetsTheDeliveryOnceBackAfterItsRetryAfter() async throws {
        try await withDepartments { departments in
            try await FanOutTransport.withOwnClient { network in
                let nobody = try await JSONDepartment().start()
                await nobody.stop()
                network.refuse(departments.json.baseURL, times: 1, sendingTo: nobody.baseURL)
                departments.json.control.fail(.unavailable(retryAfter: 1))
                let gateway = try await FanOutGateway(
                    adapters: try departments.adapters, secrets: Departments.secrets, transport: network)
                let id = try await gateway.application.test(.router) { client in
                    let id = try await gateway.submitVisit(client, idempotencyKey: "flapping")
                    try await gateway.waitUntilDeliveries(of: [id], are: .delivered)
                    let metrics = try await client.execute(
                        uri: "/metrics", method: .get, headers: gateway.base.headers("admin")
                    ) {
                        String(buffer: $0.body)
                    }
                    #expect(
                        metrics.contains(
                            "gridway_delivery_attempts_total{target=\"\(Departments.jsonTarget)\",outcome=\"retry\"} 2")
                    )
                    #expect(
                        metrics.contains(
                            "gridway_delivery_attempts_total{target=\"\(Departments.jsonTarget)\",outcome=\"delivered\"} 1"
                        ))
                    return id
                }

                let deliveries = try await gateway.deliveries(of: id)
                let civil = try #require(deliveries.first { $0.target == Departments.jsonTarget })
                #expect(civil.attempts == 3, "refused, 503, delivered")
                #expect(civil.receipt == "MZ000001")
                #expect(
                    deliveries.filter { $0.target != Departments.jsonTarget }.map(\.attempts) == [1, 1],
                    "the other targets were not held back")
                let received = departments.json.control.requests
                #expect(received.count == 2, "the refused attempt never arrived; the 503 and the success did")
                #expect(
                    Set(received.map { $0.header("Idempotency-Key") }) == ["gridway:\(id):\(Departments.jsonTarget)"])
                let sent = network.sendTimes(to: departments.json.baseURL)
                #expect(sent.count == 3)
                if sent.count == 3 {
                    #expect(
                        sent[2] - sent[1] >= .milliseconds(990), "Retry-After: 1 was honoured: \(sent[2] - sent[1])")
                }
                try await departments.expectKeyedAndSigned(by: gateway)
            }
        }
    }

    @Test func anUpstreamThatAlwaysFailsGoesDeadWithinItsBudgetAndATargetReplayDeliversIt() async throws {
        try await withDepartments { departments in
            departments.json.control.failAlways(.serverError)
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters,
                configuration: "targets:\n  civil-affairs-elderly: {maxAttempts: 3}\n",
                secrets: Departments.secrets)
            try await gateway.application.test(.router) { client in
                let id = try await gateway.submitVisit(client, idempotencyKey: "outage")
                func civil() async throws -> Delivery? {
                    try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }
                }
                try await eventually("the delivery to \(Departments.jsonTarget) is dead") {
                    try await civil()?.state == .dead
                }
                let dead = try #require(try await civil())
                #expect(dead.attempts == 3)
                #expect(dead.lastError?.contains("gave up after 3 attempts") == true, "\(dead.lastError ?? "")")
                let failed = departments.json.control.requests
                #expect(failed.count == 3, "no attempt beyond the budget")
                try await eventually("the other targets delivered") {
                    try await gateway.call(client, .get, "/v1/submissions/\(id)", key: "community").body["delivery"]
                        == "partially-delivered"
                }

                #expect(
                    try await gateway.call(
                        client, .post, "/v1/targets/\(Departments.jsonTarget)/replay", key: "community"
                    ).status == .forbidden)
                departments.json.control.reset()
                let (status, replayed) = try await gateway.call(
                    client, .post, "/v1/targets/\(Departments.jsonTarget)/replay")
                #expect(status == .ok)
                #expect(replayed["replayed"] == 1)
                try await gateway.waitUntilDeliveries(of: [id], are: .delivered)
                let recovered = departments.json.control.requests
                #expect(recovered.count == 1)
                #expect(
                    Set((failed + recovered).map { $0.header("Idempotency-Key") }) == [
                        "gridway:\(id):\(Departments.jsonTarget)"
                    ])
                #expect(try await civil()?.receipt == "MZ000001")
                #expect(
                    try await gateway.call(client, .get, "/v1/submissions/\(id)", key: "community").body["delivery"]
                        == "delivered")
            }
            try await departments.expectKeyedAndSigned(by: gateway)
        }
    }

    @Test func aHangingUpstreamDoesNotHoldBackTheOtherTargets() async throws {
        try await withDepartments { departments in
            departments.xml.control.failAlways(.hang(.seconds(60)))
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters,
                configuration: "targets:\n  fanout-xml-health: {concurrency: 1, timeout: 2m}\n")
            let ids = try await gateway.application.test(.router) { client in
                let ids = try await gateway.submitVisits(client, count: 8, keyPrefix: "slow")
                func deliveries(to target: String) async throws -> [Delivery] {
                    var found: [Delivery] = []
                    for id in ids { found += try await gateway.deliveries(of: id).filter { $0.target == target } }
                    return found
                }
                try await eventually("all 16 deliveries to the fast targets are delivered") {
                    let fast = try await deliveries(to: Departments.jsonTarget) + deliveries(to: Departments.formTarget)
                    return fast.count == 16 && fast.allSatisfy { $0.state == .delivered }
                }
                let slow = try await deliveries(to: Departments.xmlTarget)
                #expect(departments.xml.control.requests.count == 1, "the slow upstream still has its first request")
                #expect(slow.allSatisfy { $0.attempts == 0 }, "no attempt to the slow upstream has finished")
                #expect(slow.filter { $0.state == .inFlight }.count == 1)
                #expect(slow.filter { $0.state == .pending }.count == 7)
                #expect(departments.json.control.requests.count == 8)
                #expect(departments.form.control.requests.count == 8)
                return ids
            }
            var cutShort: [Delivery] = []
            for id in ids { cutShort += try await gateway.deliveries(of: id).filter { $0.state != .delivered } }
            #expect(
                cutShort.map(\.attempts) == Array(repeating: 0, count: 8),
                "an attempt cut short by the shutdown is not counted: \(cutShort.map { $0.lastError ?? "" })")
        }
    }
}
