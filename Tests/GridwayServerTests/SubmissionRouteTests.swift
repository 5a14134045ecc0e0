import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(3))) struct SubmissionRouteTests {
    @Test func acceptedSubmissionReturnsADurableReceipt() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let receipt = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "visit-1"),
                body: try visitBody()
            ) { response in
                #expect(response.status == .accepted)
                return try response.json
            }
            let id = try #require(receipt["id"]?.stringValue)
            #expect(receipt["status"] == "accepted")
            #expect(receipt["contract"] == "elderly-visit@1")
            #expect(receipt["unit"] == "210102001001")
            #expect(receipt["period"] == "2026-11")
            #expect(receipt["digest"]?.stringValue?.hasPrefix("sha256:") == true)
            #expect(receipt["deliveries"] == .array([]))
            #expect(receipt["receivedAt"]?.stringValue != nil)
            let stored = try #require(try await gateway.store.submission(id: id))
            #expect(
                "sha256:" + SHA256Hex.of(stored.request.canonicalPayload.canonicalBytes())
                    == receipt["digest"]?.stringValue)

            try await client.execute(uri: "/v1/submissions/\(id)", method: .get, headers: gateway.headers("street")) {
                response in
                #expect(response.status == .ok)
                let detail = try response.json
                #expect(detail["id"]?.stringValue == id)
                #expect(detail["data"]?["elderName"] == "王桂兰")
            }
        }
    }

    @Test func sameKeySameBodyReplaysTheReceipt() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let headers = gateway.headers("community", idempotencyKey: "visit-1")
            let first = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: headers, body: try visitBody()
            ) {
                try $0.json
            }
            try await client.execute(uri: "/v1/submissions", method: .post, headers: headers, body: try visitBody()) {
                response in
                #expect(response.status == .accepted)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let replayed = try response.json
                #expect(replayed == first)
            }
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: headers, body: try visitBody(minutes: 41)
            ) { response in
                let problem = try response.json
                #expect(response.status == .unprocessableContent)
                #expect(problem["type"] == "/problems/idempotency-key-reused")
            }
        }
        #expect(try await gateway.storedCounts().submissions == 1)
    }

    @Test func concurrentRequestsWithOneKeyStoreOnce() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/submissions", method: .post,
                            headers: gateway.headers("community", idempotencyKey: "same"), body: try visitBody()
                        ) { $0.status }
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .accepted || $0 == .conflict })
            #expect(statuses.contains(.accepted))
        }
        #expect(try await gateway.storedCounts().submissions == 1)
    }

    /// Every refused submission: status, problem type, and nothing stored or audited.
    @Test(arguments: RefusedSubmission.all)
    func refusedSubmissionStoresNothing(_ refused: RefusedSubmission) async throws {
        let gateway = try await TestGateway(bodyLimit: 4096)
        let before = try await gateway.storedCounts()
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/submissions", method: .post,
                headers: gateway.headers(
                    refused.key, idempotencyKey: refused.idempotencyKey, contentType: refused.contentType),
                body: try refused.body()
            ) { response in
                #expect(response.status.code == refused.status, "\(refused.name)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try response.json
                #expect(problem["type"]?.stringValue == "/problems/\(refused.problem)", "\(refused.name): \(problem)")
                #expect(problem["status"]?.int64Value == Int64(refused.status))
                for location in refused.locations {
                    let located = problem["errors"]?.arrayValue?.contains {
                        $0["instanceLocation"]?.stringValue == location
                    }
                    #expect(located == true, "\(refused.name): no error at \(location) in \(problem)")
                }
            }
        }
        let after = try await gateway.storedCounts()
        #expect(
            after.submissions == before.submissions && after.audit == before.audit, "\(refused.name) stored something")
    }

    @Test func aDateOutsideThePeriodIsRefusedNamingFieldPeriodAndValue() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "late"),
                body: try visitBody(period: "2026-12") { $0["visitDate"] = "2026-11-28" }
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try response.json
                #expect(problem["type"] == "/problems/date-outside-period")
                #expect(
                    problem["detail"]
                        == "/data/visitDate is 2026-11-28, outside the period 2026-12 (2026-12-01 to 2026-12-31)")
                #expect(problem["period"] == "2026-12")
                #expect(problem["periodStart"] == "2026-12-01")
                #expect(problem["periodEnd"] == "2026-12-31")
                #expect(problem["dates"] == [["field": "/data/visitDate", "value": "2026-11-28"]])
                #expect(problem["errors"]?[0]?["instanceLocation"] == "/data/visitDate")
                #expect(problem["errors"]?[0]?["keywordLocation"] == "/properties/visitDate/x-gridway-within-period")
            }
            // The last day of the period is inside it; an invalid date is the schema's to refuse first.
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "in"),
                body: try visitBody(period: "2026-12") { $0["visitDate"] = "2026-12-31" }
            ) { #expect($0.status == .accepted) }
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "bad"),
                body: try visitBody(period: "2026-12") { $0["visitDate"] = "2026-11-31" }
            ) { response in
                let problem = try response.json
                #expect(problem["type"] == "/problems/schema-violation")
            }
        }
        #expect(try await gateway.storedCounts().submissions == 1)
    }

    @Test func malformedJSONNamesThePosition() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "k"),
                body: ByteBuffer(string: "{\"contract\": \"elderly-visit@1\",\n \"unit\": }")
            ) { response in
                let problem = try response.json
                #expect(problem["line"] == 2)
                #expect(problem["column"] == 10)
            }
        }
    }

    @Test func correctionSupersedesTheOriginal() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let original = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "v1"),
                body: try visitBody()
            ) { try $0.json["id"]?.stringValue ?? "" }
            let correction = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "v2"),
                body: try visitBody(minutes: 55, supersedes: original)
            ) { response in
                #expect(response.status == .accepted)
                return try response.json
            }
            #expect(correction["supersedes"]?.stringValue == original)
            try await client.execute(
                uri: "/v1/submissions/\(original)", method: .get, headers: gateway.headers("community")
            ) {
                response in
                let earlier = try response.json
                #expect(earlier["status"] == "superseded")
                #expect(earlier["supersededBy"] == correction["id"])
            }
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "v3"),
                body: try visitBody(period: "2026-10", supersedes: original) { $0["visitDate"] = "2026-10-20" }
            ) { response in
                let problem = try response.json
                #expect(response.status == .unprocessableContent)
                #expect(problem["type"] == "/problems/invalid-correction")
            }
        }
    }
}

/// One way a submission can be refused.
struct RefusedSubmission: Sendable, CustomTestStringConvertible {
    var name: String
    var status: Int
    var problem: String
    var key: String? = "community"
    var idempotencyKey: String? = "key-1"
    var contentType: String? = "application/json"
    var locations: [String] = []
    var body: @Sendable () throws -> ByteBuffer = { try visitBody() }

    var testDescription: String { name }

    static let all: [RefusedSubmission] = [
        .init(name: "no credential", status: 401, problem: "unauthenticated", key: nil),
        .init(name: "unknown key", status: 401, problem: "unauthenticated", key: "gw_not-a-real-key"),
        .init(name: "wrong content type", status: 415, problem: "unsupported-media-type", contentType: "text/plain"),
        .init(name: "no content type", status: 415, problem: "unsupported-media-type", contentType: nil),
        .init(
            name: "body over the limit", status: 413, problem: "body-too-large",
            body: { try visitBody { $0["notes"] = .string(String(repeating: "长", count: 2000)) } }),
        .init(
            name: "malformed JSON", status: 400, problem: "malformed-json",
            body: { ByteBuffer(string: "{\"contract\": ") }),
        .init(name: "no idempotency key", status: 400, problem: "idempotency-key-missing", idempotencyKey: nil),
        .init(
            name: "envelope not an object", status: 422, problem: "invalid-request", locations: [""],
            body: { ByteBuffer(string: "[1, 2]") }),
        .init(
            name: "unknown envelope member and missing data", status: 422, problem: "invalid-request",
            locations: ["/extra", "/data"],
            body: {
                try visitBody(envelope: {
                    $0["extra"] = true
                    $0["data"] = nil
                })
            }),
        .init(
            name: "unknown contract", status: 422, problem: "unknown-contract", locations: ["/contract"],
            body: { try visitBody(envelope: { $0["contract"] = "noise-complaint@1" }) }),
        .init(
            name: "unknown contract version", status: 422, problem: "unknown-contract", locations: ["/contract"],
            body: { try visitBody(envelope: { $0["contract"] = "elderly-visit@9" }) }),
        .init(
            name: "unit not in the tree", status: 422, problem: "unknown-unit", locations: ["/unit"],
            body: { try visitBody(unit: "210102999999") }),
        .init(
            name: "unit outside the caller's scope", status: 403, problem: "out-of-scope",
            body: { try visitBody(unit: "210102001002") }),
        .init(
            name: "period of the wrong type", status: 422, problem: "invalid-period", locations: ["/period"],
            body: { try visitBody(period: "2026-11-05") }),
        .init(
            name: "period missing", status: 422, problem: "invalid-period", locations: ["/period"],
            body: { try visitBody(period: nil) }),
        .init(
            name: "schema violations", status: 422, problem: "schema-violation",
            locations: ["/data/durationMinutes", "/data/visitType", "/data"],
            body: {
                try visitBody(minutes: 900) {
                    $0["visitType"] = "door-to-door"
                    $0["elderName"] = nil
                }
            }),
        .init(
            name: "visit date outside the period", status: 422, problem: "date-outside-period",
            locations: ["/data/visitDate"], body: { try visitBody(period: "2026-12") }),
        .init(
            name: "correction of an unknown submission", status: 422, problem: "invalid-correction",
            locations: ["/supersedes"], body: { try visitBody(supersedes: "0190ffff-0000-7000-8000-000000000000") }),
    ]
}
