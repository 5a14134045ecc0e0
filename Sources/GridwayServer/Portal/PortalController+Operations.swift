import Foundation
import GridwayAdapters
import GridwayCore
import GridwayDelivery
import GridwayStore
import Hummingbird

/// Operator pages: deliveries by state and target, replays, pausing targets, adapter health.
extension PortalController {
    func addOperationRoutes(to group: RouterGroup<Context>) {
        group.get("admin/deliveries", use: deliveries)
        group.post("admin/deliveries/{id}/replay", use: replayDelivery)
        group.get("admin/targets", use: targets)
        group.post("admin/targets/{id}/{action}", use: targetAction)
        group.get("admin/adapters", use: adapters)
    }

    @Sendable func deliveries(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        try visit.requireAdmin()
        let text = visit.text
        let parameters = request.uri.queryParameters
        var query = DeliveryQuery(limit: 50)
        query.state = parameters.get("state").flatMap(DeliveryState.init(rawValue:))
        query.target = parameters.get("target").flatMap { $0.isEmpty ? nil : $0 }
        query.before = parameters.get("before")
        let page = try await portal.services.store.deliveries(matching: query)
        let targetIDs = portal.services.targetDescriptors.map(\.id)
        let stateOptions = DeliveryState.allCases.html { state in
            "<option value=\"\(state.rawValue)\"\(query.state == state ? HTML(raw: " selected") : .empty)>\(text["deliveryState." + state.rawValue])</option>"
        }
        let targetOptions = targetIDs.html { id in
            "<option value=\"\(id)\"\(query.target == id ? HTML(raw: " selected") : .empty)>\(targetTitle(id))</option>"
        }
        let now = portal.services.clock.date
        let rows = page.items.html { delivery -> HTML in
            let late: HTML =
                delivery.isLate(at: now)
                ? "<br><span class=\"state state-dead\">\(text("deliveries.late", visit.format(delivery.deadline ?? now)))</span>"
                : .empty
            let subject: HTML =
                switch delivery.subject {
                case .submission(let id): "<a href=\"/portal/submissions/\(id)\">\(id)</a>"
                case .result(let id, let unit): "\(text("deliveries.result", id, visit.unitName(unit)))"
                }
            let replay: HTML =
                delivery.state == .dead
                ? visit.actionButton(
                    "/portal/admin/deliveries/\(delivery.id)/replay", text["deliveries.replay"], style: "primary")
                : .empty
            return """
                <tr id="delivery-\(delivery.id)"><td data-label="\(text["deliveries.created"])">\(visit.format(delivery.createdAt))</td>
                <td data-label="\(text["deliveries.target"])">\(targetTitle(delivery.target))</td>
                <td data-label="\(text["deliveries.subject"])">\(subject)</td>
                <td data-label="\(text["deliveries.state"])"><span class="state state-\(delivery.state.rawValue)" data-state="\(delivery.state.rawValue)">\(text["deliveryState." + delivery.state.rawValue])</span>\(late)</td>
                <td data-label="\(text["deliveries.attempts"])">\(delivery.attempts)</td>
                <td data-label="\(text["submissions.receipt"])">\(delivery.receipt ?? "—")</td>
                <td data-label="\(text["deliveries.lastError"])" class="error-text">\(delivery.lastError ?? "")</td><td>\(replay)</td></tr>
                """
        }
        var next: [(String, String)] = []
        if let state = query.state { next.append(("state", state.rawValue)) }
        if let target = query.target { next.append(("target", target)) }
        let more: HTML =
            page.nextCursor.map {
                "<p><a href=\"/portal/admin/deliveries?\(URLQueryEncoding.encode(next + [("before", $0)]))\">\(text["common.more"])</a></p>"
            } ?? .empty
        let body: HTML = """
            <h1>\(text["deliveries.heading"])</h1>\(visit.confirmation())
            <form method="get" action="/portal/admin/deliveries" class="filters">
            <label for="filter-state">\(text["deliveries.state"])</label><select id="filter-state" name="state"><option value="">\(text["common.all"])</option>\(stateOptions)</select>
            <label for="filter-target">\(text["deliveries.target"])</label><select id="filter-target" name="target"><option value="">\(text["common.all"])</option>\(targetOptions)</select>
            <button type="submit">\(text["common.apply"])</button></form>
            \(page.items.isEmpty ? HTML("<p class=\"empty\">\(text["deliveries.none"])</p>") : HTML("""
            <table class="list"><thead><tr><th scope="col">\(text["deliveries.created"])</th><th scope="col">\(text["deliveries.target"])</th>
            <th scope="col">\(text["deliveries.subject"])</th><th scope="col">\(text["deliveries.state"])</th><th scope="col">\(text["deliveries.attempts"])</th>
            <th scope="col">\(text["submissions.receipt"])</th><th scope="col">\(text["deliveries.lastError"])</th><th scope="col"><span class="sr-only">\(text["common.actions"])</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """))\(more)
            """
        return await visit.page(text["deliveries.heading"], body)
    }

    @Sendable func replayDelivery(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        try visit.requireAdmin()
        let id = try context.parameters.require("id")
        let replay = try await portal.services.store.replayDeadDeliveries(
            ids: [id], target: nil, outOfOrder: false, by: try visit.requireCredential().id)
        if replay.heldBack == [id] { throw visit.problem(.conflict, .replayOutOfOrder) }
        guard replay.replayed == 1 else {
            throw visit.problem(.conflict, .notDead)
        }
        portal.services.dispatcher?.wake()
        return PortalVisit.redirect(to: "/portal/admin/deliveries", done: "replayed")
    }

    @Sendable func targets(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        try visit.requireAdmin()
        let text = visit.text
        let store = portal.services.store
        let paused = try await store.pausedTargets()
        let backlog = Dictionary(uniqueKeysWithValues: try await store.deliveryBacklog().map { ($0.target, $0) })
        let breakers = portal.services.dispatcher?.breakerStates() ?? [:]
        let overdue = try await store.overdueDeliveryCounts(at: portal.services.clock.date)
        let rows = portal.services.targetDescriptors.html { target -> HTML in
            let counts = backlog[target.id]?.counts ?? [:]
            let isPaused = paused.contains(target.id)
            let late: HTML =
                overdue[target.id].map {
                    "<br><span class=\"state state-dead\">\(text("targets.overdue", String($0)))</span>"
                } ?? .empty
            let figures = DeliveryState.allCases.html { state in
                "<td class=\"num\" data-label=\"\(text["deliveryState." + state.rawValue])\"><a href=\"/portal/admin/deliveries?state=\(state.rawValue)&target=\(target.id)\">\(counts[state] ?? 0)</a></td>"
            }
            let toggle = visit.actionButton(
                "/portal/admin/targets/\(target.id)/\(isPaused ? "resume" : "pause")",
                text[isPaused ? "targets.resume" : "targets.pause"])
            let replay: HTML =
                (counts[.dead] ?? 0) > 0
                ? visit.actionButton(
                    "/portal/admin/targets/\(target.id)/replay", text("targets.replayAll", String(counts[.dead] ?? 0)),
                    style: "primary",
                    confirm: text["targets.replayConfirm"])
                : .empty
            return """
                <tr id="target-\(target.id)"><th scope="row">\(target.title)<br><code>\(target.id)</code></th>
                <td data-label="\(text["targets.status"])">\(isPaused ? HTML("<span class=\"state state-dead\">\(text["targets.paused"])</span>") : HTML("<span class=\"state state-delivered\">\(text["targets.running"])</span>"))
                <br><span class="meta">\(text("targets.breaker", text["breaker." + (breakers[target.id] ?? .closed).rawValue]))</span>\(late)</td>
                \(figures)<td>\(toggle)\(replay)</td></tr>
                """
        }
        let headers = DeliveryState.allCases.html { "<th scope=\"col\">\(text["deliveryState." + $0.rawValue])</th>" }
        let body: HTML = """
            <h1>\(text["targets.heading"])</h1>\(visit.confirmation())
            <table class="list numbers"><thead><tr><th scope="col">\(text["deliveries.target"])</th><th scope="col">\(text["targets.status"])</th>\(headers)<th scope="col"><span class="sr-only">\(text["common.actions"])</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return await visit.page(text["targets.heading"], body)
    }

    @Sendable func targetAction(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        try visit.requireAdmin()
        let actor = try visit.requireCredential().id
        let id = try context.parameters.require("id")
        guard portal.services.targetDescriptors.contains(where: { $0.id == id }) else {
            throw Problem.notFound(visit.text["error.notFound"])
        }
        let store = portal.services.store
        let action = try context.parameters.require("action")
        switch action {
        case "pause": try await store.setTarget(id, paused: true, by: actor)
        case "resume": try await store.setTarget(id, paused: false, by: actor)
        case "replay": _ = try await store.replayDeadDeliveries(ids: [], target: id, outOfOrder: false, by: actor)
        default: throw Problem.notFound(visit.text["error.notFound"])
        }
        portal.services.dispatcher?.wake()
        return PortalVisit.redirect(to: "/portal/admin/targets", done: "target-" + action, fragment: "target-\(id)")
    }

    @Sendable func adapters(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        try visit.requireAdmin()
        let text = visit.text
        var rows: [HTML] = []
        for adapter in portal.services.adapters.adapters {
            let descriptor = adapter.descriptor
            let health = await portal.services.adapterHealth.status(of: descriptor.id)
            let healthy =
                health.lastError == nil || (health.lastSuccess ?? .distantPast) > (health.lastErrorAt ?? .distantPast)
            rows.append(
                """
                <tr><th scope="row">\(descriptor.title)<br><code>\(descriptor.id)</code></th>
                <td data-label="\(text["adapters.kind"])">\(text["adapterKind." + descriptor.kind.rawValue])</td>
                <td data-label="\(text["adapters.capabilities"])"><ul class="plain">\(descriptor.capabilities.sorted().html { "<li>\(text["capability." + $0.rawValue])</li>" })</ul></td>
                <td data-label="\(text["adapters.contracts"])">\(descriptor.contracts.map(\.contract.description).joined(separator: ", "))</td>
                <td data-label="\(text["adapters.health"])"><span class="state state-\(healthy ? "delivered" : "dead")">\(text[healthy ? "adapters.healthy" : "adapters.failing"])</span></td>
                <td data-label="\(text["adapters.lastSuccess"])">\(health.lastSuccess.map(visit.format) ?? "—")</td>
                <td data-label="\(text["adapters.lastError"])" class="error-text">\(health.lastError.map { "\(health.lastErrorAt.map(visit.format) ?? "") \($0)" } ?? "—")</td></tr>
                """)
        }
        let body: HTML = """
            <h1>\(text["adapters.heading"])</h1>
            <table class="list"><thead><tr><th scope="col">\(text["adapters.adapter"])</th><th scope="col">\(text["adapters.kind"])</th>
            <th scope="col">\(text["adapters.capabilities"])</th><th scope="col">\(text["adapters.contracts"])</th><th scope="col">\(text["adapters.health"])</th>
            <th scope="col">\(text["adapters.lastSuccess"])</th><th scope="col">\(text["adapters.lastError"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return await visit.page(text["adapters.heading"], body)
    }
}
