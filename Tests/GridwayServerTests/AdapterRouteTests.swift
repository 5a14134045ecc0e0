import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/adapters` (admin only, with health) and the consumers of each contract in `GET /v1/contracts`.
@Suite(.timeLimit(.minutes(3))) struct AdapterRouteTests {
    @Test func theAdapterCatalogIsForAdminsAndShowsHealth() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { good in
            try await withStandIn(JSONDepartment()) { broken in
                broken.control.failAlways(.serverError)
                let gateway = try await AdapterTestGateway(adapters: [
                    try TestAdapters.source(
                        "a-good", url: good.baseURL + "/api", grant: ["elderName"], records: "$.data.records",
                        jurisdiction: "210102"),
                    try TestAdapters.source("b-broken", url: broken.baseURL + "/api", records: "$.data.records"),
                ])
                try await gateway.application.test(.router) { client in
                    for key in ["community", "street", "upstream"] {
                        try await client.execute(uri: "/v1/adapters", method: .get, headers: gateway.headers(key)) {
                            response in
                            let body = try response.json
                            #expect(response.status == .forbidden, "\(key)")
                            #expect(body["type"] == "/problems/admin-only")
                        }
                    }
                    try await client.execute(uri: "/v1/adapters", method: .get, headers: gateway.headers(nil)) {
                        #expect($0.status == .unauthorized)
                    }
                    try await client.execute(
                        uri: "/v1/data/elderly-visit@1?unit=210102001001", method: .get,
                        headers: gateway.headers("community")
                    ) { #expect($0.status == .ok) }
                    try await client.execute(uri: "/v1/adapters", method: .get, headers: gateway.headers("admin")) {
                        response in
                        #expect(response.status == .ok)
                        let adapters = try #require(try response.json["adapters"]?.arrayValue)
                        #expect(adapters.map { $0["id"] } == ["a-good", "b-broken"])
                        let good = adapters[0]
                        #expect(good["kind"] == "declarative")
                        #expect(good["capabilities"] == ["fetch"])
                        #expect(good["jurisdiction"] == "210102")
                        #expect(good["contracts"]?[0]?["contract"] == "elderly-visit@1")
                        #expect(good["contracts"]?[0]?["grantedFields"] == ["elderName"])
                        #expect(
                            good["contracts"]?[0]?["fields"] == [
                                "elderName", "visitDate", "visitType", "durationMinutes", "visitor",
                            ])
                        #expect(good["health"]?["lastSuccess"]?.stringValue != nil)
                        #expect(good["health"]?["lastError"] == .null)
                        let broken = adapters[1]
                        #expect(broken["jurisdiction"] == .null)
                        #expect(broken["health"]?["lastSuccess"] == .null)
                        #expect(
                            broken["health"]?["lastError"]?["message"]?.stringValue?.contains("answered HTTP 500")
                                == true)
                        #expect(broken["health"]?["lastError"]?["at"]?.stringValue != nil)
                    }
                }
            }
        }
    }

    @Test func eachContractListsWhoConsumesWhichFields() async throws {
        let gateway = try await AdapterTestGateway(adapters: [
            try TestAdapters.shipped("civil-affairs-elderly", settings: ["CIVIL_AFFAIRS_TOKEN": "t"]),
            try TestAdapters.source("a-open-source", url: "http://127.0.0.1:9/api", records: "$.data.records"),
        ])
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/contracts/elderly-visit@1", method: .get, headers: gateway.headers("community")
            ) {
                response in
                let consumers = try #require(try response.json["consumers"]?.arrayValue)
                #expect(consumers.map { $0["adapter"] } == ["a-open-source", "civil-affairs-elderly"])
                #expect(consumers[0]["capabilities"] == ["fetch"])
                #expect(consumers[0]["fields"] == ["visitDate", "visitType", "durationMinutes", "visitor"])
                #expect(consumers[1]["title"] == "沈阳市民政局居家养老服务信息系统")
                #expect(consumers[1]["capabilities"] == ["deliver"])
                #expect(
                    consumers[1]["fields"] == [
                        "elderName", "elderIdNumber", "address", "visitDate", "visitType", "durationMinutes",
                        "healthStatus", "needs", "visitor",
                    ], "open fields and the granted ones; never elderPhone or notes")
            }
            try await client.execute(uri: "/v1/contracts", method: .get, headers: gateway.headers("community")) {
                response in
                let contracts = try #require(try response.json["contracts"]?.arrayValue)
                let visits = try #require(contracts.first { $0["id"] == "elderly-visit" })
                #expect(visits["versions"]?[0]?["consumers"]?.arrayValue?.count == 2)
                let incidents = try #require(contracts.first { $0["id"] == "grid-incident" })
                #expect(incidents["versions"]?[0]?["consumers"] == [])
            }
        }
    }
}
