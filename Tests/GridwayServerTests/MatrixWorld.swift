import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import NIOCore
import OrderedCollections
import Testing

/// The data and callers of ``AuthorizationMatrixTests``: a community's elderly visit with its
/// delivery to a target that is never reached, a grid incident of the same community that no target
/// consumes, a notice and a task sent down to that community, and one key per
/// ``AuthorizationMatrixTests/Caller``. Every free-text field of both reports holds a marker of its
/// own, so a reply shows exactly which fields it leaks.
final class MatrixWorld: Sendable {
    typealias Caller = AuthorizationMatrixTests.Caller

    let gateway: TestGateway
    let services: GridwayServices
    let secrets: [Caller: String]
    let submissionID: String
    let incidentID: String
    let deliveryID: String
    let noticeID: String
    let taskID: String

    static let unit = "210102001001"
    static let target = "civil-affairs-elderly"
    static let elderName = "矩阵测试老人"
    static let noticeTitle = "矩阵测试通知"

    /// The marker of each free-text field of the two reports, by `contract/field`.
    static let markers: [String: String] = [
        "elderly-visit/elderName": elderName, "elderly-visit/elderIdNumber": "210102195107230048",
        "elderly-visit/elderPhone": "13512340987", "elderly-visit/address": "矩阵测试地址七号楼",
        "elderly-visit/visitor": "矩阵测试走访人", "elderly-visit/notes": "矩阵测试备注",
        "grid-incident/description": "矩阵测试事件描述：楼道堆物", "grid-incident/reporterPhone": "13512340765",
    ]

    /// What each caller is entitled to read of the reports, by `contract/field`: the community, its
    /// street and the admin everything; the upstream of the target the open fields of the elderly
    /// visit and those the target's grant names (not the phone, not the notes, nothing of a contract
    /// it does not consume); the others nothing.
    static func entitlement(of caller: Caller) -> Set<String> {
        switch caller {
        case .unit, .ancestor, .admin: Set(markers.keys)
        case .upstreamIn:
            [
                "elderly-visit/elderName", "elderly-visit/elderIdNumber", "elderly-visit/address",
                "elderly-visit/visitor",
            ]
        case .sibling, .upstreamOut, .revoked, .none, .malformed: []
        }
    }

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
            .ancestor: gateway.keys["street"] ?? "", .admin: gateway.keys["admin"] ?? "",
        ]
        var credentials: [Caller: Credential] = [:]
        for (caller, role) in [
            (Caller.upstreamIn, CredentialRole.upstream(target: Self.target, jurisdiction: "210102")),
            (.upstreamOut, .upstream(target: "another-street", jurisdiction: "210102002")),
            (.revoked, .staff(unit: Self.unit)),
        ] {
            let key = APIKey.generate()
            let credential = try await store.createCredential(
                name: caller.rawValue, role: role, keyHash: key.hash, by: "test")
            if caller == .revoked { _ = try await store.revokeCredential(id: credential.id, by: "test") }
            secrets[caller] = key.secret
            credentials[caller] = credential
        }
        self.secrets = secrets

        let community = try #require(try await store.credentials().first { $0.name == "community" })
        let report = try Self.visit()
        guard
            case .accepted(let submission, let deliveries) = try await store.submit(
                report, idempotencyKey: "matrix", by: community, targets: [Self.target])
        else { throw CancellationError() }
        submissionID = submission.id
        deliveryID = try #require(deliveries.first?.id)
        guard
            case .accepted(let incident, _) = try await store.submit(
                try Self.incident(), idempotencyKey: "matrix-incident", by: community)
        else { throw CancellationError() }
        incidentID = incident.id

        let sender = try #require(credentials[.upstreamIn])
        func publish(_ request: ResultRequest, key: String) async throws -> String {
            guard
                case .published(let result) = try await store.publish(
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

    /// The elderly visit, every free-text field holding its marker.
    private static func visit() throws -> SubmissionRequest {
        let body = try visitBody(unit: unit) { data in
            for field in ["elderName", "elderIdNumber", "elderPhone", "address", "notes"] {
                data[field] = .string(markers["elderly-visit/\(field)"] ?? "")
            }
            data["visitor"] = ["name": .string(markers["elderly-visit/visitor"] ?? ""), "role": "grid-worker"]
        }
        let envelope = try JSONValue(parsing: Array(body.readableBytesView))
        return SubmissionRequest(
            contract: try ContractRef(parsing: "elderly-visit@1"), unit: unit, period: "2026-11",
            data: envelope["data"] ?? .null)
    }

    /// A grid incident, a contract the target does not consume, its free-text fields holding their markers.
    private static func incident() throws -> SubmissionRequest {
        let contract = try JSONValue(
            parsing: Array(
                try Data(
                    contentsOf: TestGateway.repositoryRoot.appendingPathComponent("contracts/grid-incident@1.json"))))
        guard case .array(let examples)? = contract["examples"], case .object(var data)? = examples.first else {
            throw CancellationError()
        }
        data["description"] = .string(markers["grid-incident/description"] ?? "")
        data["reporterPhone"] = .string(markers["grid-incident/reporterPhone"] ?? "")
        return SubmissionRequest(
            contract: try ContractRef(parsing: "grid-incident@1"), unit: unit, period: "2026-11-28", data: .object(data)
        )
    }

    /// The requests a route is tried with, each named as its row of the matrix: the route itself with
    /// the elderly visit, and for the routes that read reports by id or contract, the grid incident too.
    func cases(for route: String, method: String) -> [(row: String, path: String)] {
        let incident = "(grid-incident)"
        guard method == "GET" else { return [(route, path(for: route))] }
        switch route {
        case "/v1/submissions/{id}":
            return [(route, path(for: route)), ("\(route) \(incident)", "/v1/submissions/\(incidentID)")]
        case "/v1/submissions":
            return [(route, route), ("\(route) \(incident)", "/v1/submissions?contract=grid-incident@1")]
        case "/v1/prefill":
            return [
                (route, path(for: route)),
                ("\(route) \(incident)", "/v1/prefill?contract=grid-incident@1&unit=\(Self.unit)"),
            ]
        case "/v1/data/{contract}":
            return [(route, path(for: route)), ("\(route) \(incident)", "/v1/data/grid-incident@1?unit=\(Self.unit)")]
        default:
            return [(route, path(for: route))]
        }
    }

    /// The route's path with its parameters filled in with this world's data, and a query where it needs one.
    func path(for route: String) -> String {
        let query = "contract=elderly-visit@1&unit=\(Self.unit)"
        switch route {
        case "/v1/submissions/{id}": return "/v1/submissions/\(submissionID)"
        case "/v1/results/{id}", "/v1/results/{id}/receipts":
            return route.replacingOccurrences(of: "{id}", with: noticeID)
        case "/v1/results/{id}/completeness": return "/v1/results/\(taskID)/completeness"
        case "/v1/inbox/{id}/ack": return "/v1/inbox/\(noticeID)/ack"
        case "/v1/deliveries/{id}/replay": return "/v1/deliveries/\(deliveryID)/replay"
        case "/v1/aggregates": return "/v1/aggregates?\(query)&period=2026-11"
        case "/v1/burden": return "/v1/burden?\(query)&period=2026-11&by=child"
        case "/v1/prefill": return "/v1/prefill?\(query)&subject=\(Self.markers["elderly-visit/elderIdNumber"] ?? "")"
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
        case "/v1/submissions":
            JSONValue.object([
                "contract": "elderly-visit@1", "unit": .string(Self.unit), "period": "2026-11",
                "data": try Self.visit().data,
            ]).serializedString()
        case "/v1/results":
            #"{"kind": "notice", "title": "\#(Self.noticeTitle)", "body": "再发一次", "audience": {"units": ["\#(Self.unit)"]}}"#
        default: nil
        }
    }

    /// Sends one request as `caller` over a fresh connection; a stream is read up to its head.
    func call(_ method: String, _ path: String, as caller: Caller, port: Int) async throws -> (
        status: Int, text: String
    ) {
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

    /// A reply to `caller` carries no field of the community's reports outside its entitlement, and
    /// not the notice sent to the community unless the caller may see it; returns how many fields were checked.
    @discardableResult
    func expectNothingOutside(scope caller: Caller, in text: String, route: String) -> Int {
        let entitled = Self.entitlement(of: caller)
        for (field, marker) in Self.markers where !entitled.contains(field) {
            #expect(!text.contains(marker), "\(route) shows \(field), outside its entitlement, to \(caller)")
        }
        let seesNotice: Set<Caller> = [.unit, .upstreamIn, .admin]
        if !seesNotice.contains(caller) {
            #expect(!text.contains(Self.noticeTitle), "\(route) shows the community's notice to \(caller)")
        }
        return Self.markers.count
    }

    /// Every field `caller` is entitled to of the reports `route` answers with appears in `text`: the
    /// check above looks for markers that are really there.
    func expectEntitledFields(of caller: Caller, in text: String, route: String, contracts: Set<String>) {
        for field in Self.entitlement(of: caller) where contracts.contains(String(field.prefix { $0 != "/" })) {
            #expect(text.contains(Self.markers[field] ?? ""), "\(route) does not show \(field) to \(caller)")
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
