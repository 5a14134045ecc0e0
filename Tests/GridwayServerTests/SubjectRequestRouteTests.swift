import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// `POST /v1/subjects/exports` and `/erasures`: an admin answers one subject's access and erasure requests.
@Suite(.timeLimit(.minutes(2))) struct SubjectRequestRouteTests {
    /// Only an operator may read a subject's reports; the answer holds them as stored, with where each went.
    @Test func anAdminExportsEverythingHeldAboutASubject() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client async throws in
            let submitted = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "v1"),
                body: try visitBody()
            ) { try $0.json }
            let request = ByteBuffer(
                bytes: JSONValue.object([
                    "element": "person.idNumber", "value": "210102193805120025", "reason": "PIPL-43",
                ])
                .serialized())
            for caller in ["street", "upstream", "community"] {
                try await client.execute(
                    uri: "/v1/subjects/exports", method: .post, headers: gateway.headers(caller), body: request
                ) { #expect($0.status == .forbidden, "\(caller)") }
            }
            try await client.execute(
                uri: "/v1/subjects/exports", method: .post, headers: gateway.headers("admin"), body: request
            ) { response in
                #expect(response.status == .ok)
                let export = try response.json
                #expect(export["reports"]?.arrayValue?.count == 1)
                #expect(export["reports"]?[0]?["submission"] == submitted["id"])
                #expect(export["reports"]?[0]?["data"]?["elderName"] == "王桂兰")
            }
            let access = try await gateway.store.auditEntries(from: 1, limit: 100).filter {
                $0.action == "subject.exported"
            }
            #expect(access.map(\.actor).count == 1)
        }
    }

    @Test func anAdminErasesASubjectAndLearnsWhereItsDataWas() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let submitted = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "v1"),
                body: try visitBody()
            ) { try $0.json }
            let id = try #require(submitted["id"]?.stringValue)
            let idNumber = "210102193805120025"
            let request = ByteBuffer(
                bytes: JSONValue.object(["element": "person.idNumber", "value": .string(idNumber), "reason": "PIPL-42"])
                    .serialized())

            try await client.execute(
                uri: "/v1/subjects/erasures", method: .post, headers: gateway.headers("street"), body: request
            ) { #expect($0.status == .forbidden) }

            try await client.execute(
                uri: "/v1/subjects/erasures", method: .post, headers: gateway.headers("admin"), body: request
            ) { response in
                #expect(response.status == .ok)
                let report = try response.json
                #expect(report["found"] == 1)
                #expect(report["places"]?[0]?["submission"] == .string(id))
                #expect(report["places"]?[0]?["erasedFields"]?.arrayValue?.contains("/elderIdNumber") == true)
                #expect(!String(buffer: response.body).contains(idNumber), "the answer names no personal value")
            }
            let erased = try #require(try await gateway.store.submission(id: id))
            #expect(erased.request.data["elderIdNumber"] == nil)
            try await client.execute(uri: "/v1/submissions/\(id)", method: .get, headers: gateway.headers("community"))
            {
                response in
                let view = try response.json
                #expect(view["erasedAt"]?.stringValue != nil, "the receipt says its personal fields are gone")
                #expect(view["digest"] == submitted["digest"])
            }
            #expect(try await gateway.store.verifyAuditChain() == .intact(entries: 7))
        }
    }

    @Test func aRequestWithoutItsReasonOrForAnUnknownElementIsRefused() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let cases: [(JSONValue, String)] = [
                (["element": "person.idNumber", "value": "210102193805120025"], "/reason"),
                (["element": "person.phone", "value": "13800000000", "reason": "x"], "/element"),
            ]
            for (body, location) in cases {
                for route in ["/v1/subjects/erasures", "/v1/subjects/exports"] {
                    try await client.execute(
                        uri: route, method: .post, headers: gateway.headers("admin"),
                        body: ByteBuffer(bytes: body.serialized())
                    ) { response in
                        #expect(response.status == .unprocessableContent)
                        let problem = try response.json
                        #expect(problem["type"] == "/problems/invalid-request")
                        #expect(problem["errors"]?[0]?["instanceLocation"] == .string(location))
                    }
                }
            }
        }
    }
}
