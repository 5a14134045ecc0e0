import Foundation
import GridwayAdapters
import GridwayCore
import GridwayServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route of the router × every kind of caller: the exact status each gets, and no reply that
/// carries a field of a report outside the caller's entitlement (``MatrixWorld/entitlement(of:)``):
/// another unit's data, or, for an upstream key, a field its target's grant leaves out or a report of
/// a contract its target does not consume. The routes come from the router itself, so a new endpoint
/// fails this test until its row is written.
@Suite(.timeLimit(.minutes(3))) struct AuthorizationMatrixTests {
    /// The callers: staff of the unit that owns the data, of its sibling and of its street (an
    /// ancestor), an upstream whose jurisdiction covers it and one whose does not, an admin, a revoked
    /// key, no key, and a header that is not a bearer key.
    enum Caller: String, CaseIterable, Sendable {
        case unit, sibling, ancestor, upstreamIn, upstreamOut, admin, revoked, none, malformed
    }

    /// The expected status of each `/v1` and operations route, per caller, in `Caller` order.
    private static let expected: [String: [Int]] = [
        //                                   unit sib  anc  upIn upOut adm  rev  none malf
        "GET /healthz": [200, 200, 200, 200, 200, 200, 200, 200, 200],
        "GET /readyz": [200, 200, 200, 200, 200, 200, 200, 200, 200],
        "GET /metrics": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "GET /openapi.yaml": [200, 200, 200, 200, 200, 200, 401, 401, 401],
        "GET /v1/contracts": [200, 200, 200, 200, 200, 200, 401, 401, 401],
        "GET /v1/contracts/{ref}": [200, 200, 200, 200, 200, 200, 401, 401, 401],
        // Lists are scoped, not refused: a sibling gets its own (empty) list.
        "GET /v1/submissions": [200, 200, 200, 200, 200, 200, 401, 401, 401],
        "GET /v1/submissions (grid-incident)": [200, 200, 200, 200, 200, 200, 401, 401, 401],
        // Submitting is the grassroots' act: no upstream key files a report.
        "POST /v1/submissions": [202, 403, 202, 403, 403, 202, 401, 401, 401],
        // What lies outside the caller's scope does not exist for it; for an upstream key, neither
        // does a report its target does not receive.
        "GET /v1/submissions/{id}": [200, 404, 200, 200, 404, 200, 401, 401, 401],
        "GET /v1/submissions/{id} (grid-incident)": [200, 404, 200, 404, 404, 200, 401, 401, 401],
        "GET /v1/aggregates": [200, 403, 200, 200, 403, 200, 401, 401, 401],
        "GET /v1/burden": [200, 403, 200, 200, 403, 200, 401, 401, 401],
        "POST /v1/results": [403, 403, 403, 201, 403, 201, 401, 401, 401],
        // The notice is addressed to the community alone: not even its street sees it.
        "GET /v1/results/{id}": [200, 404, 404, 200, 404, 200, 401, 401, 401],
        "GET /v1/results/{id}/receipts": [404, 404, 404, 200, 404, 200, 401, 401, 401],
        "GET /v1/results/{id}/completeness": [200, 404, 200, 200, 404, 200, 401, 401, 401],
        "GET /v1/inbox": [200, 200, 200, 403, 403, 403, 401, 401, 401],
        "GET /v1/inbox/stream": [200, 200, 200, 403, 403, 403, 401, 401, 401],
        "POST /v1/inbox/{id}/ack": [200, 404, 404, 403, 403, 403, 401, 401, 401],
        "GET /v1/data/{contract}": [200, 403, 200, 200, 403, 200, 401, 401, 401],
        "GET /v1/data/{contract} (grid-incident)": [200, 403, 200, 404, 403, 200, 401, 401, 401],
        "GET /v1/prefill": [200, 403, 200, 200, 403, 200, 401, 401, 401],
        "GET /v1/prefill (grid-incident)": [200, 403, 200, 404, 403, 200, 401, 401, 401],
        // Webhooks authenticate themselves: without a key the adapter decides (this one cannot ingest);
        // a key that is sent is checked as anywhere else.
        "POST /v1/ingest/{adapter}": [404, 404, 404, 404, 404, 404, 401, 404, 401],
        "GET /v1/adapters": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "GET /v1/catalog/overlap": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "POST /v1/subjects/exports": [403, 403, 403, 403, 403, 422, 401, 401, 401],
        "POST /v1/subjects/erasures": [403, 403, 403, 403, 403, 422, 401, 401, 401],
        "GET /v1/deliveries": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        // The delivery is pending, not dead: 409 for the admin.
        "POST /v1/deliveries/{id}/replay": [403, 403, 403, 403, 403, 409, 401, 401, 401],
        "GET /v1/targets": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "GET /v1/targets/{id}/late": [403, 403, 403, 403, 403, 400, 401, 401, 401],
        "POST /v1/targets/{id}/replay": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "POST /v1/targets/{id}/pause": [403, 403, 403, 403, 403, 200, 401, 401, 401],
        "POST /v1/targets/{id}/resume": [403, 403, 403, 403, 403, 200, 401, 401, 401],
    ]

    /// The rows whose replies carry the reports themselves: every field the caller is entitled to
    /// must be in them (so the absence of the others is no accident), with the contracts they answer with.
    /// (A prefill carries only the subject's facts, never a report's event facts; PrefillRouteTests.)
    private static let reportRows: [String: Set<String>] = [
        "GET /v1/submissions/{id}": ["elderly-visit"], "GET /v1/submissions/{id} (grid-incident)": ["grid-incident"],
        "GET /v1/submissions": ["elderly-visit", "grid-incident"],
        "GET /v1/submissions (grid-incident)": ["grid-incident"],
    ]

    @Test(.timeLimit(.minutes(5))) func everyRouteAnswersEveryCallerExactlyAndWithinItsEntitlement() async throws {
        let world = try await MatrixWorld()
        let routes = buildRouter(world.services).routes.map { (method: $0.method.rawValue, path: $0.path.description) }
        #expect(routes.count > 40, "the router lists its routes")
        let (unknown, checks) = try await buildApplication(world.services).test(.live) { client in
            let port = try #require(client.port)
            var unknown: [String] = []
            var checks = (rows: 0, fields: 0)
            for route in routes {
                for (row, target) in world.cases(for: route.path, method: route.method) {
                    let name = "\(route.method) \(row)"
                    var statuses: [Int] = []
                    for caller in Caller.allCases {
                        let reply = try await world.call(route.method, target, as: caller, port: port)
                        statuses.append(reply.status)
                        checks.fields += world.expectNothingOutside(scope: caller, in: reply.text, route: name)
                        if reply.status >= 400 {
                            #expect(
                                !ProblemCredentialWordingTests.namesAnID(reply.text),
                                "\(name) refuses \(caller) naming a credential id")
                        }
                        if let contracts = Self.reportRows[name], reply.status == 200 {
                            world.expectEntitledFields(of: caller, in: reply.text, route: name, contracts: contracts)
                        }
                        if caller == .unit, name == "GET /v1/results/{id}" {
                            #expect(
                                reply.text.contains(MatrixWorld.noticeTitle),
                                "the marker the scope check looks for is real")
                        }
                    }
                    checks.rows += 1
                    if row.hasPrefix("/portal") {
                        world.expectPortalRefusesKeys(route: name, statuses: statuses)
                    } else if let expected = Self.expected[name] {
                        #expect(statuses == expected, "\(name)")
                    } else {
                        unknown.append("\"\(name)\": \(statuses),")
                    }
                }
            }
            return (unknown, checks)
        }
        #expect(unknown.isEmpty, "routes without a row in the matrix:\n\(unknown.joined(separator: "\n"))")
        print(
            "authorization matrix: \(checks.rows) rows × \(Caller.allCases.count) callers × \(MatrixWorld.markers.count) fields = \(checks.fields) field checks"
        )
    }
}
