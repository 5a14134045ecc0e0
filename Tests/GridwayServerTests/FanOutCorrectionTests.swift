import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import OrderedCollections
import Testing

/// Corrections fan out to the targets that received the original, through each adapter's correction
/// mapping and with that target's receipt number for the original; a target that never got the
/// original gets the corrected report as a plain one, or nothing if it did not exist yet.
@Suite(.timeLimit(.minutes(3))) struct FanOutCorrectionTests {
    @Test func aCorrectionReachesTheTargetsThatGotTheOriginalCarryingTheirReceipts() async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(adapters: try departments.adapters, secrets: Departments.secrets)
            let (original, correction) = try await gateway.application.test(.router) { client in
                #expect(
                    try await gateway.call(client, .post, "/v1/targets/\(Departments.formTarget)/pause").status == .ok)
                let original = try await gateway.submitVisit(client, idempotencyKey: "original")
                try await eventually("the original reached the targets that are not paused") {
                    try await gateway.deliveries(of: original).filter { $0.state == .delivered }.count == 2
                }

                let receipt = try await gateway.submit(
                    client, try visitBody(minutes: 45, supersedes: original), idempotencyKey: "correction")
                let correction = try #require(receipt["id"]?.stringValue)
                let marks = Dictionary(
                    uniqueKeysWithValues: (receipt["deliveries"]?.arrayValue ?? []).map {
                        ($0["target"]?.stringValue ?? "", $0["correctionOf"])
                    })
                #expect(marks[Departments.jsonTarget] == ["submission": .string(original), "receipt": "MZ000001"])
                #expect(marks[Departments.xmlTarget] == ["submission": .string(original), "receipt": "WJ000001"])
                #expect(marks[Departments.formTarget] == .some(nil), "the paused target never got the original")

                #expect(
                    try await gateway.call(client, .post, "/v1/targets/\(Departments.formTarget)/resume").status == .ok)
                try await gateway.waitUntilDeliveries(of: [correction], are: .delivered)
                let replaced = try await gateway.deliveries(of: original).first { $0.target == Departments.formTarget }
                #expect(replaced?.state == .cancelled, "the original is not sent after its correction")
                return (original, correction)
            }

            let civil = departments.json.control.requests
            #expect(
                civil.map { "\($0.method) \($0.path)" } == [
                    "POST /api/v1/elderly/visits", "PUT /api/v1/elderly/visits/MZ000001",
                ])
            #expect(civil.map { $0.json?["serialNo"] } == [.string(original), .string(correction)])
            #expect(civil.last?.json?["visit"]?["minutes"] == 45)

            let health = try departments.xml.control.requests.map(Departments.soapVisit)
            #expect(health.map { $0["visitId"] } == [.string(original), .string(correction)])
            #expect(health.map { $0["operationType"] } == ["1", "2"])
            #expect(health.map { $0["originalReceiptNo"] } == [nil, "WJ000001"])

            let grid = departments.form.control.requests.compactMap(\.form)
            #expect(grid.count == 1, "only the corrected report reaches the target that was paused")
            #expect(grid.first?["ywbh"] == .string(correction))
            #expect(grid.first?["yywbh"] == nil)
            #expect(grid.first?["zfsc"] == "45")
            try await departments.expectKeyedAndSigned(by: gateway)
        }
    }

    @Test func aTargetAddedAfterTheOriginalDoesNotReceiveItsCorrection() async throws {
        try await withDepartments { departments in
            let before = try await FanOutGateway(
                adapters: try departments.adapters.filter { $0.descriptor.id != Departments.formTarget },
                secrets: Departments.secrets)
            let original = try await before.application.test(.router) { client in
                let id = try await before.submitVisit(client, idempotencyKey: "original")
                try await before.waitUntilDeliveries(of: [id], are: .delivered)
                return id
            }

            let after = try await FanOutGateway(
                on: before.base, adapters: try departments.adapters, secrets: Departments.secrets)
            let (correction, fresh) = try await after.application.test(.router) { client in
                let receipt = try await after.submit(
                    client, try visitBody(minutes: 45, supersedes: original), idempotencyKey: "correction")
                #expect(
                    receipt["deliveries"]?.arrayValue?.map { $0["target"] } == [
                        .string(Departments.jsonTarget), .string(Departments.xmlTarget),
                    ])
                let correction = try #require(receipt["id"]?.stringValue)
                let fresh = try await after.submitVisit(
                    client, try visitBody(period: "2026-12") { $0["visitDate"] = "2026-12-03" },
                    idempotencyKey: "fresh")
                try await after.waitUntilDeliveries(of: [correction, fresh], are: .delivered)
                return (correction, fresh)
            }
            let civil = departments.json.control.requests.map {
                "\($0.method) \($0.json?["serialNo"]?.stringValue ?? "")"
            }
            #expect(Set(civil) == ["POST \(original)", "PUT \(correction)", "POST \(fresh)"])
            #expect(civil.count == 3)
            #expect(departments.xml.control.requests.count == 3)
            #expect(
                departments.form.control.requests.compactMap { $0.form?["ywbh"] } == [.string(fresh)],
                "only reports made after it was added")
            try await departments.expectKeyedAndSigned(by: after)
        }
    }
}
