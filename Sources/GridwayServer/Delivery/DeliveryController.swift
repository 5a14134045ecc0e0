import GridwayAdapters
import GridwayCore
import GridwayDelivery
import GridwayJSON
import GridwayStore
import Hummingbird
import OrderedCollections
import Prometheus

/// Operator endpoints for fan-out (admin only): deliveries by state and target, replays, pausing
/// targets, the target list with backlog and breaker, a target's late deliveries of a period, and
/// `/metrics`.
struct DeliveryController<Context: AuthenticatedRequestContext> {
    let store: any Store
    let targets: [AdapterDescriptor]
    let dispatcher: DeliveryDispatcher?
    let metrics: DeliveryMetrics
    let burden: BurdenGauges
    /// Dates the backlog's ages in `/metrics`.
    let clock: any GridwayClock

    func addRoutes(to router: Router<Context>, v1: RouterGroup<Context>) {
        router.get("metrics") { _, context in
            try Self.requireAdmin(context)
            metrics.refresh(
                backlog: try await store.deliveryBacklog(), breakers: dispatcher?.breakerStates() ?? [:],
                now: clock.date)
            try await burden.refresh(in: metrics.registry)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        v1.get("deliveries", use: list)
        v1.post("deliveries/{id}/replay") { request, context in
            try Self.requireAdmin(context)
            let id = try context.parameters.require("id")
            let actor = try context.requireCredential().id
            let replay = try await store.replayDeadDeliveries(
                ids: [id], target: nil, outOfOrder: try Self.outOfOrder(request), by: actor)
            if replay.heldBack == [id] {
                throw Problem(
                    .conflict, .replayOutOfOrder, title: "A later report about the same subject was delivered",
                    detail: "delivery \(id) would reach its target after a later report about the same subject; "
                        + "replay with ?outOfOrder=true to send it all the same")
            }
            guard replay.replayed == 1 else {
                throw Problem(
                    .conflict, .notDead, title: "Only dead deliveries can be replayed",
                    detail: "delivery \(id) does not exist or is not dead")
            }
            dispatcher?.wake()
            return Response.json(["replayed": 1, "heldBack": []])
        }
        v1.get("targets", use: listTargets)
        v1.get("targets/{id}/late") { request, context in
            let target = try knownTarget(context)
            guard let period = request.uri.queryParameters.get("period"), !period.isEmpty else {
                throw Problem.invalidQuery("period", "required, e.g. period=2026-11")
            }
            let late = try await store.lateDeliveries(target: target, period: period, at: clock.date)
            return Response.json(
                .object([
                    "target": .string(target), "period": .string(period), "count": .integer(Int64(late.count)),
                    "items": .array(late.map(DeliveryView.delivery)),
                ]))
        }
        v1.post("targets/{id}/replay") { request, context in
            let target = try knownTarget(context)
            let replay = try await store.replayDeadDeliveries(
                ids: [], target: target, outOfOrder: try Self.outOfOrder(request),
                by: try context.requireCredential().id)
            dispatcher?.wake()
            return Response.json([
                "replayed": .integer(Int64(replay.replayed)), "heldBack": .array(replay.heldBack.map(JSONValue.string)),
            ])
        }
        for (action, paused) in [("pause", true), ("resume", false)] {
            v1.post("targets/{id}/\(action)") { _, context in
                let target = try knownTarget(context)
                try await store.setTarget(target, paused: paused, by: try context.requireCredential().id)
                dispatcher?.wake()
                return Response.json(["target": .string(target), "paused": .bool(paused)])
            }
        }
    }

    @Sendable private func list(_ request: Request, context: Context) async throws -> Response {
        try Self.requireAdmin(context)
        let parameters = request.uri.queryParameters
        var query = DeliveryQuery()
        if let state = parameters.get("state") {
            guard let parsed = DeliveryState(rawValue: state) else {
                throw Problem.invalidQuery(
                    "state", "expected one of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.state = parsed
        }
        query.target = parameters.get("target")
        let paging = try ListPaging(parameters)
        query.before = paging.cursor
        if let limit = paging.limit { query.limit = limit }
        let page = try await store.deliveries(matching: query)
        return Response.json(
            .object([
                "items": .array(page.items.map(DeliveryView.delivery)),
                "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null,
            ]))
    }

    @Sendable private func listTargets(_ request: Request, context: Context) async throws -> Response {
        try Self.requireAdmin(context)
        let paused = try await store.pausedTargets()
        let backlog = Dictionary(uniqueKeysWithValues: try await store.deliveryBacklog().map { ($0.target, $0) })
        let breakers = dispatcher?.breakerStates() ?? [:]
        let items: [JSONValue] = targets.map { target in
            var counts: OrderedDictionary<String, JSONValue> = [:]
            for state in DeliveryState.allCases {
                counts[state.rawValue] = .integer(Int64(backlog[target.id]?.counts[state] ?? 0))
            }
            return .object([
                "id": .string(target.id),
                "title": .string(target.title),
                "contracts": .array(target.contracts.map { .string($0.contract.description) }),
                "jurisdiction": target.jurisdiction.map(JSONValue.string) ?? .null,
                "paused": .bool(paused.contains(target.id)),
                "breaker": .string((breakers[target.id] ?? .closed).rawValue),
                "deliveries": .object(counts),
                "oldestOutstanding": backlog[target.id]?.oldestOutstanding.map { .string(Timestamp.format($0)) }
                    ?? .null,
            ])
        }
        return Response.json(["targets": .array(items)])
    }

    private func knownTarget(_ context: Context) throws -> String {
        try Self.requireAdmin(context)
        let id = try context.parameters.require("id")
        guard targets.contains(where: { $0.id == id }) else { throw Problem.notFound("no target \(id)") }
        return id
    }

    /// `?outOfOrder=true`: replay even what a later report about the same subject has overtaken.
    private static func outOfOrder(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.get("outOfOrder") {
        case nil, "false": false
        case "true": true
        default: throw Problem.invalidQuery("outOfOrder", "expected true or false")
        }
    }

    private static func requireAdmin(_ context: Context) throws {
        let credential = try context.requireCredential()
        guard credential.role == .admin else {
            throw Problem.adminOnly(credential, "deliveries are operated by admins")
        }
    }
}
