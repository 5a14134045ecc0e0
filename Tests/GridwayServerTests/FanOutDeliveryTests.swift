import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// One submission reaches every target over real HTTP, each in its own format with only its granted
/// fields, signed and keyed; receipts and `/metrics` show where it went.
@Suite(.timeLimit(.minutes(3))) struct FanOutDeliveryTests {
    /// Every scalar anywhere in `value`, as text: all an upstream could read in what it received.
    private static func scalars(_ value: JSONValue?) -> Set<String> {
        switch value {
        case .string(let text)?: [text]
        case .integer(let number)?: [String(number)]
        case .array(let items)?: items.reduce(into: []) { $0.formUnion(scalars($1)) }
        case .object(let members)?: members.values.reduce(into: []) { $0.formUnion(scalars($1)) }
        default: []
        }
    }

    @Test func eachUpstreamReceivesExactlyItsGrantedFieldsInItsOwnFormat() async throws {
        try await withDepartments { departments in
            try await withStandIn(JSONDepartment(receiptPrefix: "ZF")) { relay in
                let forwarding = try FanOutForwardingAdapter(
                    id: "zz-forwarding", url: relay.baseURL + "/reports", grant: ["elderName"])
                let gateway = try await FanOutGateway(
                    adapters: try departments.adapters + [forwarding], secrets: Departments.secrets)
                let submission = try await gateway.application.test(.router) { client in
                    let id = try await gateway.submitVisit(client, idempotencyKey: "grants")
                    try await gateway.waitUntilDeliveries(of: [id], are: .delivered)
                    return id
                }

                let civil = departments.json.control.requests
                #expect(civil.count == 1)
                #expect(civil.first?.path == "/api/v1/elderly/visits")
                let report = try #require(civil.first?.json)
                #expect(report["serialNo"] == .string(submission))
                #expect(
                    report["elder"] == [
                        "name": "王桂兰", "idCard": "210102193805120025", "address": "沈阳市和平区太原北街 12 号 3 单元 502 室",
                    ])
                #expect(report["visit"]?["healthLevel"] == 2)
                #expect(report["visit"]?["serviceNeeds"] == ["01", "06"])

                let health = departments.xml.control.requests
                #expect(health.count == 1)
                let visit = try Departments.soapVisit(try #require(health.first))
                #expect(visit["visitId"] == .string(submission))
                #expect(visit["operationType"] == "1")
                #expect(
                    visit["visit"] == [
                        "visitDate": "2026-11-05", "visitType": "home", "durationMinutes": "40", "healthStatus": "fair",
                        "visitorName": "李晓梅", "visitorRole": "grid-worker",
                    ])

                let grid = departments.form.control.requests
                #expect(grid.count == 1)
                let form = try #require(grid.first?.form)
                #expect(
                    form == [
                        "ywbh": .string(submission), "wgbm": "210102001001", "xm": "王桂兰",
                        "dz": "沈阳市和平区太原北街 12 号 3 单元 502 室",
                        "zfrq": "2026-11-05", "zffs": "home", "zfsc": "40", "zfr": "李晓梅",
                    ])

                let forwarded = relay.control.requests
                #expect(forwarded.count == 1)
                let document = try #require(forwarded.first?.json)
                #expect(
                    Set(document["data"]?.objectValue?.keys ?? []) == [
                        "visitDate", "visitType", "durationMinutes", "visitor", "elderName",
                    ],
                    "the gateway hands an adapter open fields and its grant, nothing else")

                let contract = try #require(
                    gateway.services.catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
                let example = try JSONValue(parsing: Array(try visitBody().readableBytesView))["data"]
                let received: [(target: String, body: JSONValue?)] = [
                    (Departments.jsonTarget, civil.first?.json),
                    (Departments.xmlTarget, try Departments.soapVisit(try #require(health.first))),
                    (Departments.formTarget, grid.first?.form), (forwarding.descriptor.id, document),
                ]
                for (target, body) in received {
                    let grant = try #require(
                        gateway.services.adapters.adapters.first { $0.descriptor.id == target }?.descriptor.grant(
                            for: contract.ref))
                    let seen = Self.scalars(body)
                    for field in contract.fields
                    where field.sharing != .open && !grant.grantedFields.contains(field.name) {
                        let withheld = Self.scalars(example?[field.name])
                        #expect(
                            withheld.isDisjoint(with: seen),
                            "\(target) received \(field.sharing.rawValue) \(field.name)")
                    }
                }
                try await departments.expectKeyedAndSigned(by: gateway)
            }
        }
    }

    @Test func theReceiptListsEachTargetPendingThenDeliveredWithTheUpstreamReceipt() async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(adapters: try departments.adapters, secrets: Departments.secrets)
            try await gateway.application.test(.router) { client in
                let receipt = try await gateway.submit(client, try visitBody(), idempotencyKey: "receipt")
                #expect(receipt["delivery"] == "delivering")
                let listed = receipt["deliveries"]?.arrayValue ?? []
                #expect(
                    listed.map { $0["target"] } == [
                        .string(Departments.jsonTarget), .string(Departments.formTarget),
                        .string(Departments.xmlTarget),
                    ])
                #expect(listed.allSatisfy { $0["state"] == "pending" && $0["attempts"] == 0 && $0["receipt"] == nil })

                let id = try #require(receipt["id"]?.stringValue)
                var stored = JSONValue.null
                try await eventually("GET /v1/submissions/\(id) shows it delivered") {
                    stored = try await gateway.call(client, .get, "/v1/submissions/\(id)", key: "community").body
                    return stored["delivery"] == "delivered"
                }
                let deliveries = stored["deliveries"]?.arrayValue ?? []
                #expect(
                    deliveries.map { $0["receipt"] } == ["MZ000001", "ZZ000001", "WJ000001"],
                    "each upstream's own receipt number")
                #expect(
                    deliveries.allSatisfy {
                        $0["state"] == "delivered" && $0["attempts"] == 1 && $0["deliveredAt"] != nil
                    })
            }
        }
    }

    @Test func everyOutboundRequestIsSignedWithEachOfItsTargetsSecrets() async throws {
        try await withDepartments { departments in
            departments.form.control.fail(.unavailable(retryAfter: 1))
            let gateway = try await FanOutGateway(adapters: try departments.adapters, secrets: Departments.secrets)
            try await gateway.application.test(.router) { client in
                let ids = try await gateway.submitVisits(client, count: 3, keyPrefix: "signed")
                try await gateway.waitUntilDeliveries(of: ids, are: .delivered)
            }
            #expect(departments.form.control.requests.count == 4, "a retried attempt is signed afresh")
            let rotating = try #require(departments.xml.control.requests.first?.header("webhook-signature"))
            #expect(rotating.split(separator: " ").count == 2, "one v1 signature per secret during a rotation")
            try await departments.expectKeyedAndSigned(by: gateway)
        }
    }

    @Test func metricsCountAttemptsByTargetForAdminsOnly() async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(adapters: try departments.adapters)
            try await gateway.application.test(.router) { client in
                let id = try await gateway.submitVisit(client, idempotencyKey: "metrics")
                try await gateway.waitUntilDeliveries(of: [id], are: .delivered)
                let text = try await client.execute(
                    uri: "/metrics", method: .get, headers: gateway.base.headers("admin")
                ) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
                for target in [Departments.jsonTarget, Departments.xmlTarget, Departments.formTarget] {
                    #expect(
                        text.contains("gridway_delivery_attempts_total{target=\"\(target)\",outcome=\"delivered\"} 1"),
                        "\(text)")
                }
                #expect(
                    text.contains("gridway_delivery_queue_depth{target=\"\(Departments.jsonTarget)\"} 0"), "\(text)")
                try await client.execute(uri: "/metrics", method: .get, headers: gateway.base.headers("community")) {
                    response in
                    #expect(response.status == .forbidden)
                }
            }
        }
    }
}
