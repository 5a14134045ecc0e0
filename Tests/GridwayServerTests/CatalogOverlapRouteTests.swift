import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/catalog/overlap`: the catalog review, for admins only.
@Suite(.timeLimit(.minutes(2))) struct CatalogOverlapRouteTests {
    @Test func adminsGetTheReviewOfTheShippedCatalog() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/v1/catalog/overlap", method: .get, headers: gateway.headers("admin")) {
                response in
                #expect(response.status == .ok)
                let review = try response.json
                #expect(review["notReused"] == ["person.phone"])
                #expect(review["unreferencedFields"] == [])
                #expect(review["sharedElements"]?[0]?["element"] == "person.phone")
                #expect(
                    review["sharedElements"]?[0]?["uses"] == [
                        [
                            "contract": "elderly-visit@1", "field": "/elderPhone", "title": "老人联系电话",
                            "reuseGroup": "person by person.idNumber",
                        ],
                        [
                            "contract": "grid-incident@1", "field": "/reporterPhone", "title": "上报人电话",
                            "reuseGroup": .null,
                        ],
                    ])
            }
            for key in ["community", "street"] {
                try await client.execute(uri: "/v1/catalog/overlap", method: .get, headers: gateway.headers(key)) {
                    response in
                    #expect(response.status == .forbidden)
                    let problem = try response.json
                    #expect(problem["type"] == "/problems/admin-only")
                }
            }
            try await client.execute(uri: "/v1/catalog/overlap", method: .get, headers: gateway.headers(nil)) {
                #expect($0.status == .unauthorized)
            }
        }
    }
}
