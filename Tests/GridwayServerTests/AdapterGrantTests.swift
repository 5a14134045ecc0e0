import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// Field grants hold on the query path: a record leaves projected to its source's grant, and a filter
/// on a `conditional` or `restricted` field reaches only the sources granted that field.
@Suite(.timeLimit(.minutes(3))) struct AdapterGrantTests {
    private func query(_ gateway: AdapterTestGateway, _ path: String) async throws -> JSONValue {
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: gateway.headers("street")) { response in
                #expect(response.status == .ok)
                return try response.json
            }
        }
    }

    /// Every source reads `elderIdNumber` and `healthStatus` filters; the gateway decides who gets them.
    private static let filteringQuery =
        "{unit: $.query.unit, elderIdNumber: $.query.elderIdNumber | optional, healthStatus: $.query.healthStatus | optional}"

    @Test func recordsLeaveProjectedToTheirSourcesGrant() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let url = json.baseURL + "/api"
            let gateway = try await AdapterTestGateway(adapters: [
                try TestAdapters.source("a-open-only", url: url, records: "$.data.records"),
                try TestAdapters.source(
                    "b-conditional", url: url, grant: ["elderName", "address"], records: "$.data.records"),
                try TestAdapters.source("c-restricted", url: url, grant: ["elderIdNumber"], records: "$.data.records"),
            ])
            let body = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
            let bySource = Dictionary(grouping: body["records"]?.arrayValue ?? []) { $0["source"]?.stringValue ?? "" }
            let keys = bySource.mapValues { records in Set(records.flatMap { $0["data"]?.objectValue?.keys ?? [] }) }
            #expect(keys["a-open-only"] == ["visitDate", "visitType", "durationMinutes"])
            #expect(keys["b-conditional"] == ["visitDate", "visitType", "durationMinutes", "elderName", "address"])
            #expect(keys["c-restricted"] == ["visitDate", "visitType", "durationMinutes", "elderIdNumber"])
            #expect(json.control.requests.count == 3, "the source itself sent every field; the gateway withheld them")
        }
    }

    @Test func aFilteredFieldReachesOnlySourcesGrantedIt() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { none in
            try await withStandIn(JSONDepartment(records: VisitRecords.all)) { conditional in
                try await withStandIn(JSONDepartment(records: VisitRecords.all)) { restricted in
                    let gateway = try await AdapterTestGateway(adapters: [
                        try TestAdapters.source(
                            "a-none", url: none.baseURL + "/api", records: "$.data.records", query: Self.filteringQuery),
                        try TestAdapters.source(
                            "b-health", url: conditional.baseURL + "/api", grant: ["healthStatus"],
                            records: "$.data.records",
                            query: Self.filteringQuery),
                        try TestAdapters.source(
                            "c-health-and-id", url: restricted.baseURL + "/api",
                            grant: ["healthStatus", "elderIdNumber"],
                            records: "$.data.records", query: Self.filteringQuery),
                    ])

                    let byHealth = try await query(
                        gateway, "/v1/data/elderly-visit@1?unit=210102001001&healthStatus=fair")
                    #expect(byHealth["sources"]?[0]?["status"] == "skipped")
                    #expect(byHealth["sources"]?[0]?["error"] == "not granted the filtered field healthStatus")
                    #expect(
                        none.control.requests.isEmpty, "a conditional field never reaches a source without its grant")
                    #expect(conditional.control.requests.map { $0.query["healthStatus"] } == ["fair"])
                    #expect(restricted.control.requests.map { $0.query["healthStatus"] } == ["fair"])
                    #expect(byHealth["records"]?.arrayValue?.count == 2, "one matching record from each granted source")

                    let byID = try await query(
                        gateway, "/v1/data/elderly-visit@1?unit=210102001001&elderIdNumber=210102193805120025")
                    #expect(byID["sources"]?.arrayValue?.map { $0["status"] } == ["skipped", "skipped", "ok"])
                    #expect(
                        none.control.requests.isEmpty,
                        "a restricted field never reaches a source without an explicit grant")
                    #expect(
                        conditional.control.requests.count == 1,
                        "granted a conditional field is not granted a restricted one")
                    #expect(restricted.control.requests.last?.query["elderIdNumber"] == "210102193805120025")
                    #expect(byID["records"]?[0]?["data"]?["elderIdNumber"] == "210102193805120025")
                }
            }
        }
    }

    @Test func aDeliveredReportCarriesOnlyTheGrantedFields() async throws {
        try await withStandIn(JSONDepartment(receiptPrefix: "A")) { openOnly in
            try await withStandIn(JSONDepartment(receiptPrefix: "B")) { conditional in
                try await withStandIn(JSONDepartment(receiptPrefix: "C")) { restricted in
                    let gateway = try await AdapterTestGateway(
                        adapters: [
                            try TestAdapters.target("a-open-only", url: openOnly.baseURL, grant: []),
                            try TestAdapters.target(
                                "b-conditional", url: conditional.baseURL,
                                grant: ["elderName", "address", "healthStatus"]),
                            try TestAdapters.target("c-restricted", url: restricted.baseURL, grant: ["elderIdNumber"]),
                        ], delivery: true)
                    try await gateway.application.test(.router) { client in
                        try await client.execute(
                            uri: "/v1/submissions", method: .post,
                            headers: gateway.base.headers("community", idempotencyKey: "grants"),
                            body: try visitBody()
                        ) { #expect($0.status == .accepted) }
                        let deadline = ContinuousClock.now + .seconds(10)
                        while [openOnly, conditional, restricted].contains(where: { $0.control.requests.isEmpty }),
                            ContinuousClock.now < deadline
                        {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    func received(_ standIn: RunningStandIn<JSONDepartment>) -> (
                        fields: Set<String>, idNumber: JSONValue?
                    ) {
                        let body = standIn.control.requests.first?.json
                        return (Set(body?["report"]?.objectValue?.keys ?? []), body?["idNumber"])
                    }
                    let open: Set<String> = ["visitDate", "visitType", "durationMinutes", "visitor"]
                    #expect(received(openOnly).fields == open)
                    #expect(
                        received(openOnly).idNumber == nil,
                        "a restricted field never reaches a target without an explicit grant")
                    #expect(received(conditional).fields == open.union(["elderName", "address", "healthStatus"]))
                    #expect(received(conditional).idNumber == nil, "nor one granted conditional fields only")
                    #expect(received(restricted).fields == open.union(["elderIdNumber"]))
                    #expect(received(restricted).idNumber == "210102193805120025")
                    for standIn in [openOnly, conditional, restricted] {
                        let report = standIn.control.requests.first?.json?["report"]
                        #expect(report?["elderPhone"] == nil && report?["notes"] == nil && report?["needs"] == nil)
                    }
                }
            }
        }
    }
}
