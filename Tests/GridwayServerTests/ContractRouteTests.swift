import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(3))) struct ContractRouteTests {
    @Test func catalogListsEveryContractWithSharingAndPII() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let catalog = try await client.execute(uri: "/v1/contracts", method: .get, headers: gateway.headers("community")) {
                response in
                #expect(response.status == .ok)
                return try response.json
            }
            let ids = catalog["contracts"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids == gateway.services.catalog.ids)
            #expect(ids.contains("elderly-visit"))
            let visit = try #require(catalog["contracts"]?.arrayValue?.first { $0["id"] == "elderly-visit" })
            let fields = try #require(visit["versions"]?[0]?["fields"]?.arrayValue)
            let idNumber = try #require(fields.first { $0["name"] == "elderIdNumber" })
            #expect(idNumber["pii"] == "id-number")
            #expect(idNumber["sharing"] == "restricted")
            #expect(visit["versions"]?[0]?["schema"] == nil, "the catalog leaves full schemas to the per-version route")
        }
    }

    @Test func oneVersionCarriesItsSchemaAndUnknownOnesAre404() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/v1/contracts/elderly-visit@1", method: .get, headers: gateway.headers("upstream")) {
                response in
                let version = try response.json
                #expect(version["ref"] == "elderly-visit@1")
                #expect(version["period"] == "month")
                #expect(version["schema"]?["x-gridway-id"] == "elderly-visit")
            }
            try await client.execute(uri: "/v1/contracts/elderly-visit", method: .get, headers: gateway.headers("upstream")) {
                response in
                let entry = try response.json
                #expect(entry["versions"]?.arrayValue?.count == 1)
            }
            for missing in ["/v1/contracts/elderly-visit@7", "/v1/contracts/noise"] {
                try await client.execute(uri: missing, method: .get, headers: gateway.headers("upstream")) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test func openAPIDescriptionIsServedFromTheBinary() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get, headers: gateway.headers("community")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
            }
        }
    }
}
