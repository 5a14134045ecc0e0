import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import HummingbirdTesting
import Testing

/// No problem the API answers with names a credential or user id (`key_…`, `usr_…`), in English (the
/// API's default) as in Chinese: each refusal that is about the caller says "this credential".
@Suite(.timeLimit(.minutes(3))) struct ProblemCredentialWordingTests {
    typealias Caller = AuthorizationMatrixTests.Caller

    /// A request for every place that refuses a caller for who it is, each answered 403.
    static let refusals: [(caller: Caller, method: String, path: String, names: String)] = [
        (.sibling, "GET", "/v1/submissions?unit=\(MatrixWorld.unit)", "the submission list of another unit"),
        (.sibling, "POST", "/v1/submissions", "a report for another unit"),
        (.upstreamIn, "POST", "/v1/submissions", "a report filed by an upstream key"),
        (
            .sibling, "GET", "/v1/aggregates?contract=elderly-visit@1&unit=\(MatrixWorld.unit)&period=2026-11",
            "another unit's aggregates"
        ),
        (
            .sibling, "GET", "/v1/burden?contract=elderly-visit@1&unit=\(MatrixWorld.unit)&period=2026-11",
            "another unit's burden figures"
        ),
        (.sibling, "GET", "/v1/data/elderly-visit@1?unit=\(MatrixWorld.unit)", "another unit's data"),
        (.upstreamOut, "POST", "/v1/results", "a notice to a unit outside the jurisdiction"),
        (.unit, "POST", "/v1/results", "a notice sent by a staff key"),
        (.admin, "GET", "/v1/inbox", "an inbox read by an admin key"),
        (.unit, "GET", "/v1/adapters", "an admin page read by a staff key"),
    ]

    /// Whether `text` holds a credential or user id as Gridway makes them.
    static func namesAnID(_ text: String) -> Bool {
        text.firstMatch(of: /(key|usr)_[0-9a-f]{6}/) != nil
    }

    @Test func noRefusalNamesTheCallersCredentialId() async throws {
        let world = try await MatrixWorld()
        let ids = try await world.gateway.store.credentials().map(\.id)
        #expect(ids.count >= 6)
        try await buildApplication(world.services).test(.live) { client in
            let port = try #require(client.port)
            for refusal in Self.refusals {
                let reply = try await world.call(refusal.method, refusal.path, as: refusal.caller, port: port)
                #expect(reply.status == 403, "\(refusal.names): \(reply.status)")
                let body = reply.text.components(separatedBy: "\r\n\r\n").dropFirst().joined()
                let detail = try JSONValue(parsing: Array(body.utf8))["detail"]?.stringValue ?? ""
                #expect(detail.contains("this credential"), "\(refusal.names): \(detail)")
                #expect(!ids.contains { reply.text.contains($0) }, "\(refusal.names) names a credential id: \(detail)")
                #expect(!Self.namesAnID(detail), "\(refusal.names): \(detail)")
            }
        }
    }
}
