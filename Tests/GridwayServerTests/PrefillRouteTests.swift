import Foundation
import GridwayAdapters
import GridwayCore
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/prefill`: live sources first (in adapter id order, empty values skipped), then the latest submission.
@Suite(.timeLimit(.minutes(3))) struct PrefillRouteTests {
    private func submit(_ client: some TestClientProtocol, _ gateway: AdapterTestGateway, minutes: Int, key: String)
        async throws -> String
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post, headers: gateway.base.headers("community", idempotencyKey: key),
            body: try visitBody(minutes: minutes)
        ) { response in
            #expect(response.status == .accepted)
            return try #require(try response.json["id"]?.stringValue)
        }
    }

    private func fields(_ body: JSONValue) -> [String: (value: JSONValue, source: JSONValue)] {
        Dictionary(
            uniqueKeysWithValues: (body["fields"]?.arrayValue ?? []).compactMap { entry in
                entry["field"]?.stringValue.map { ($0, (entry["value"] ?? .null, entry["source"] ?? .null)) }
            })
    }

    @Test func sourcesComeFirstThenTheLatestSubmission() async throws {
        try await withStandIn(JSONDepartment(records: [VisitRecords.zhao])) { civil in
            try await withStandIn(JSONDepartment(records: [VisitRecords.zhao])) { sparse in
                let gateway = try await AdapterTestGateway(adapters: [
                    try TestAdapters.source(
                        "a-civil", url: civil.baseURL + "/api", grant: ["elderName"], records: "$.data.records"),
                    try TestAdapters.source(
                        "b-sparse", url: sparse.baseURL + "/api", grant: ["elderPhone", "notes", "address"],
                        records: "$.data.records"),
                ])
                try await gateway.application.test(.router) { client in
                    let submission = try await submit(client, gateway, minutes: 40, key: "prefill-1")
                    try await client.execute(
                        uri: "/v1/prefill?contract=elderly-visit@1&unit=210102001001", method: .get,
                        headers: gateway.headers("community")
                    ) { response in
                        #expect(response.status == .ok)
                        let body = try response.json
                        let filled = fields(body)
                        let civilSource: JSONValue = ["type": "adapter", "adapter": "a-civil"]
                        #expect(filled["elderName"]?.value == "赵德顺", "the live source wins over the last submission")
                        #expect(filled["elderName"]?.source == civilSource)
                        #expect(filled["visitType"]?.value == "phone")
                        #expect(filled["durationMinutes"]?.value == 15)
                        #expect(filled["address"]?.value == "沈阳市和平区南京北街 88 号 1 单元 101 室")
                        #expect(filled["address"]?.source == ["type": "adapter", "adapter": "b-sparse"])
                        #expect(
                            filled["elderPhone"]?.value == "024-23456789", "an empty value from a source does not fill")
                        #expect(filled["elderPhone"]?.source["type"] == "submission")
                        #expect(filled["elderPhone"]?.source["submission"]?.stringValue == submission)
                        #expect(filled["elderPhone"]?.source["receivedAt"]?.stringValue?.hasSuffix("Z") == true)
                        #expect(filled["elderIdNumber"]?.value == "210102193805120025")
                        #expect(filled["visitor"]?.value["name"] == "李晓梅")
                        #expect(
                            body["fields"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == [
                                "elderName", "elderIdNumber", "elderPhone", "address", "visitDate", "visitType",
                                "durationMinutes",
                                "healthStatus", "needs", "visitor", "notes",
                            ], "every field, in contract order")
                        #expect(body["sources"]?.arrayValue?.map { $0["status"] } == ["ok", "ok"])
                    }
                }
            }
        }
    }

    @Test func theLatestAcceptedSubmissionFills() async throws {
        let gateway = try await AdapterTestGateway(adapters: [])
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/prefill?contract=elderly-visit@1&unit=210102001001", method: .get,
                headers: gateway.headers("community")
            ) { response in
                let body = try response.json
                #expect(response.status == .ok)
                #expect(body["fields"] == [])
            }
            _ = try await submit(client, gateway, minutes: 40, key: "first")
            let latest = try await submit(client, gateway, minutes: 55, key: "second")
            try await client.execute(
                uri: "/v1/prefill?contract=elderly-visit@1&unit=210102001001", method: .get,
                headers: gateway.headers("community")
            ) { response in
                let filled = fields(try response.json)
                #expect(filled["durationMinutes"]?.value == 55)
                #expect(filled["durationMinutes"]?.source["submission"]?.stringValue == latest)
            }
        }
    }

    @Test(arguments: [
        ("/v1/prefill?unit=210102001001", HTTPResponse.Status.badRequest, "/problems/invalid-query"),
        ("/v1/prefill?contract=elderly-visit@7&unit=210102001001", .badRequest, "/problems/invalid-query"),
        ("/v1/prefill?contract=elderly-visit@1", .badRequest, "/problems/invalid-query"),
        ("/v1/prefill?contract=elderly-visit@1&unit=210102001002", .forbidden, "/problems/out-of-scope"),
    ])
    func theQueryIsCheckedAndScoped(path: String, status: HTTPResponse.Status, type: String) async throws {
        let gateway = try await AdapterTestGateway(adapters: [])
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: gateway.headers("community")) { response in
                let body = try response.json
                #expect(response.status == status)
                #expect(body["type"]?.stringValue == type)
            }
        }
    }
}
