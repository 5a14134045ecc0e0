import Foundation
import GridwayAdapters
import GridwayCore
import GridwayServer
import GridwayStore
import Testing

/// The data and callers of ``AuthorizationMatrixTests``: a community's report with its delivery to
/// a target that is never reached, a notice and a task sent down to that community, and one key per
/// ``AuthorizationMatrixTests/Caller``.
final class MatrixWorld: Sendable {
    typealias Caller = AuthorizationMatrixTests.Caller

    let gateway: TestGateway
    let services: GridwayServices
    let secrets: [Caller: String]
    let submissionID: String
    let deliveryID: String
    let noticeID: String
    let taskID: String

    static let unit = "210102001001"
    static let target = "civil-affairs-elderly"
    static let elderName = "矩阵测试老人"
    static let noticeTitle = "矩阵测试通知"

    init() async throws {
        gateway = try await TestGateway()
        let store = gateway.store
        // The target's address answers nothing and no dispatcher runs: its delivery stays pending.
        let adapter = try TestAdapters.shipped(
            Self.target, settings: ["CIVIL_AFFAIRS_URL": "http://127.0.0.1:9", "CIVIL_AFFAIRS_TOKEN": "t"])
        services = GridwayServices(
            catalog: gateway.services.catalog, units: gateway.services.units, store: store,
            configuration: gateway.services.configuration, adapters: try AdapterRegistry([adapter]))
        var secrets: [Caller: String] = [
            .unit: gateway.keys["community"] ?? "", .sibling: gateway.keys["sibling"] ?? "",
            .ancestor: gateway.keys["street"] ?? "", .upstreamIn: gateway.keys["upstream"] ?? "",
            .admin: gateway.keys["admin"] ?? "",
        ]
        for (caller, role) in [
            (Caller.upstreamOut, CredentialRole.upstream(target: "another-street", jurisdiction: "210102002")),
            (.revoked, .staff(unit: Self.unit)),
        ] {
            let key = APIKey.generate()
            let credential = try await store.createCredential(name: caller.rawValue, role: role, keyHash: key.hash, by: "test")
            if caller == .revoked { _ = try await store.revokeCredential(id: credential.id, by: "test") }
            secrets[caller] = key.secret
        }
        self.secrets = secrets

        let community = try #require(try await store.credentials().first { $0.name == "community" })
        let envelope = try JSONValue(
            parsing: Array(try visitBody(unit: Self.unit) { $0["elderName"] = .string(Self.elderName) }.readableBytesView))
        let report = SubmissionRequest(
            contract: try ContractRef(parsing: "elderly-visit@1"), unit: Self.unit, period: "2026-11",
            data: envelope["data"] ?? .null)
        guard case .accepted(let submission, let deliveries) = try await store.submit(
            report, idempotencyKey: "matrix", by: community, targets: [Self.target])
        else { throw CancellationError() }
        submissionID = submission.id
        deliveryID = try #require(deliveries.first?.id)

        let sender = try #require(try await store.credentials().first { $0.name == "upstream" })
        func publish(_ request: ResultRequest, key: String) async throws -> String {
            guard case .published(let result) = try await store.publish(
                request, addressedCount: 1, notifying: [], idempotencyKey: key, sentBy: sender.id)
            else { throw CancellationError() }
            return result.id
        }
        noticeID = try await publish(
            ResultRequest(kind: .notice, title: Self.noticeTitle, body: "仅发北京街社区", audience: .units([Self.unit])),
            key: "notice")
        taskID = try await publish(
            ResultRequest(
                kind: .task, title: "矩阵测试任务", body: "请填报", audience: .units([Self.unit]),
                task: ResultTask(contract: report.contract, period: "2026-11", dueAt: Date() + 86_400)),
            key: "task")
    }

    /// The route's path with its parameters filled in with this world's data, and a query where it needs one.
    func path(for route: String) -> String {
        let query = "contract=elderly-visit@1&unit=\(Self.unit)"
        switch route {
        case "/v1/submissions/{id}": return "/v1/submissions/\(submissionID)"
        case "/v1/results/{id}", "/v1/results/{id}/receipts": return route.replacingOccurrences(of: "{id}", with: noticeID)
        case "/v1/results/{id}/completeness": return "/v1/results/\(taskID)/completeness"
        case "/v1/inbox/{id}/ack": return "/v1/inbox/\(noticeID)/ack"
        case "/v1/deliveries/{id}/replay": return "/v1/deliveries/\(deliveryID)/replay"
        case "/v1/aggregates": return "/v1/aggregates?\(query)&period=2026-11"
        case "/v1/prefill": return "/v1/prefill?\(query)"
        case "/v1/data/{contract}": return "/v1/data/elderly-visit@1?unit=\(Self.unit)"
        default:
            return route.replacingOccurrences(of: "{contract}", with: "elderly-visit@1")
                .replacingOccurrences(of: "{ref}", with: "elderly-visit@1")
                .replacingOccurrences(of: "{adapter}", with: Self.target)
                .replacingOccurrences(of: "/v1/targets/{id}", with: "/v1/targets/\(Self.target)")
                .replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{name}", with: "x")
                .replacingOccurrences(of: "{action}", with: "x").replacingOccurrences(of: "{username}", with: "x")
        }
    }

    /// A request body for the POST routes that take one: a report or a notice for the unit.
    private func body(for path: String) throws -> String? {
        switch path {
        case "/v1/submissions": String(buffer: try visitBody(unit: Self.unit) { $0["elderName"] = .string(Self.elderName) })
        case "/v1/results":
            #"{"kind": "notice", "title": "\#(Self.noticeTitle)", "body": "再发一次", "audience": {"units": ["\#(Self.unit)"]}}"#
        default: nil
        }
    }

    /// Sends one request as `caller` over a fresh connection; a stream is read up to its head.
    func call(_ method: String, _ path: String, as caller: Caller, port: Int) async throws -> (status: Int, text: String) {
        let connection = try RawConnection(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        switch caller {
        case .none: break
        case .malformed: head += "Authorization: Basic \(secrets[.unit] ?? "")\r\n"
        default: head += "Authorization: Bearer \(secrets[caller] ?? "")\r\n"
        }
        let body = method == "POST" ? try self.body(for: path) ?? "{}" : nil
        if let body {
            head += "Content-Type: application/json\r\nIdempotency-Key: \(UUID().uuidString)\r\n"
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        try connection.send(head + "\r\n" + (body ?? ""))
        let stream = path.hasSuffix("/stream")
        let (text, _) = await connection.read(timeout: .seconds(10)) {
            stream && connection.text.contains("\r\n\r\n")
        }
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, text)
    }

    /// A reply to `caller` never carries the community's report or the notice sent to it, unless the
    /// caller may see them.
    func expectNothingOutside(scope caller: Caller, in text: String, route: String) {
        let seesReport: Set<Caller> = [.unit, .ancestor, .upstreamIn, .admin]
        let seesNotice: Set<Caller> = [.unit, .upstreamIn, .admin]
        if !seesReport.contains(caller) {
            #expect(!text.contains(Self.elderName), "\(route) shows the community's report to \(caller)")
        }
        if !seesNotice.contains(caller) {
            #expect(!text.contains(Self.noticeTitle), "\(route) shows the community's notice to \(caller)")
        }
    }

    /// The portal takes no API key as a session: without its cookie every page but sign-in and the
    /// static files sends the caller to sign in (303), and no form post is carried out (a redirect to
    /// sign in, 401 or 403). Who may do what once signed in is the portal tests' part.
    func expectPortalRefusesKeys(route: String, statuses: [Int]) {
        let publicPages: Set<String> = ["GET /portal/sign-in", "GET /portal/static/{name}", "POST /portal/sign-in"]
        if publicPages.contains(route) {
            #expect(Set(statuses).count == 1, "\(route) answers every caller alike: \(statuses)")
        } else if route.hasPrefix("GET") {
            #expect(statuses.allSatisfy { $0 == 303 }, "\(route): \(statuses)")
        } else {
            #expect(statuses.allSatisfy { [303, 401, 403].contains($0) }, "\(route): \(statuses)")
        }
    }
}
