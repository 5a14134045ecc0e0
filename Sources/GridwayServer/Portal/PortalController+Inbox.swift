import Foundation
import GridwayAdapters
import GridwayCore
import GridwayStore
import Hummingbird

/// A staff unit's tasks and inbox: due dates and states, unread counts, acknowledgement, live updates;
/// each inbox item names its sender and the contract it asks for, and shows an aggregate's figures.
extension PortalController {
    func addStaffRoutes(to group: RouterGroup<Context>) {
        group.get("tasks", use: tasks)
        group.get("inbox", use: inbox)
        group.post("inbox/{id}/ack", use: acknowledge)
        // The API's own Server-Sent Events stream, reached with the session instead of a key, and ending with it.
        group.get("inbox/stream") { [portal] request, context in
            let token = request.cookies[Portal.sessionCookie]?.value ?? ""
            return try await InboxController<Context>(services: portal.services).stream(request, context: context) {
                try await portal.credential(forSessionToken: token) != nil
            }
        }
    }

    @Sendable func tasks(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let unit = try visit.staffUnit()
        let text = visit.text
        var query = inboxQuery(unit)
        query.kind = .task
        query.limit = 100
        let items = try await portal.services.store.inbox(query).items
        let now = portal.services.clock.date
        let rows = items.html { item -> HTML in
            guard let task = item.result.request.task else { return .empty }
            let state = item.taskState(at: now) ?? .open
            let contract = portal.services.catalog.contract(task.contract)
            let link = "/portal/forms/\(task.contract.description)?period=\(task.period)"
            let action: HTML =
                state == .open || state == .overdue
                ? "<a class=\"button primary\" href=\"\(link)\">\(text["tasks.fill"])</a>"
                : "<a class=\"button\" href=\"/portal/submissions?contract=\(task.contract.description)&period=\(task.period)\">\(text["tasks.view"])</a>"
            return """
                <tr class="task-\(state.rawValue)"><td data-label="\(text["tasks.title"])">\(item.result.request.title)</td>
                <td data-label="\(text["tasks.contract"])">\(contract?.title ?? task.contract.description)</td>
                <td data-label="\(text["tasks.period"])">\(task.period)</td>
                <td data-label="\(text["tasks.due"])">\(visit.format(task.dueAt))</td>
                <td data-label="\(text["tasks.state"])"><span class="state state-\(state.rawValue)">\(text["taskState." + state.rawValue])</span></td>
                <td>\(action)</td></tr>
                """
        }
        let table: HTML =
            items.isEmpty
            ? "<p class=\"empty\">\(text["tasks.none"])</p>"
            : """
            <table class="list"><caption class="sr-only">\(text["tasks.heading"])</caption><thead><tr><th scope="col">\(text["tasks.title"])</th><th scope="col">\(text["tasks.contract"])</th>
            <th scope="col">\(text["tasks.period"])</th><th scope="col">\(text["tasks.due"])</th><th scope="col">\(text["tasks.state"])</th><th scope="col"><span class="sr-only">\(text["common.actions"])</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return await visit.page(
            text["tasks.heading"],
            "<h1>\(text["tasks.heading"])</h1><p class=\"lead\">\(text("tasks.intro", visit.unitName(unit)))</p>\(table)"
        )
    }

    @Sendable func inbox(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let unit = try visit.staffUnit()
        let text = visit.text
        var query = inboxQuery(unit)
        query.unreadOnly = request.uri.queryParameters.get("unread") == "1"
        query.limit = 100
        let items = try await portal.services.store.inbox(query).items
        let senders = try await senderNames()
        let now = portal.services.clock.date
        let list = items.html { item -> HTML in
            let result = item.result
            let read = item.acknowledgedAt != nil
            let status: HTML =
                read
                ? "<span class=\"state state-delivered\">\(text("inbox.acknowledged", visit.format(item.acknowledgedAt ?? now)))</span>"
                : visit.actionButton("/portal/inbox/\(result.id)/ack", text["inbox.ack"], style: "primary")
            var taskLine: HTML = .empty
            if let task = result.request.task, let state = item.taskState(at: now) {
                taskLine = """
                    <p class="meta">\(text("inbox.task", portal.services.catalog.contract(task.contract)?.title ?? task.contract.description, task.period, visit.format(task.dueAt)))
                    <span class="state state-\(state.rawValue)">\(text["taskState." + state.rawValue])</span>
                    <a href="/portal/forms/\(task.contract.description)?period=\(task.period)">\(text["tasks.fill"])</a></p>
                    """
            }
            let sender =
                result.sentBy == DeadlineWatch.sender
                ? text["inbox.senderGridway"]
                : senders[result.sentBy].map { text("inbox.sender", $0) } ?? text["inbox.senderUnknown"]
            let figures: HTML =
                result.request.kind == .aggregate
                ? InboxFigures.table(result.request.data, catalog: portal.services.catalog, text: text) : .empty
            return """
                <li class="inbox-item\(read ? "" : " unread")" id="result-\(result.id)"><h2>\(read ? "" : "● ")\(result.request.title)</h2>
                <p class="meta">\(text["resultKind." + result.request.kind.rawValue]) · <span class="sender">\(sender)</span> · \(visit.format(result.sentAt))</p>
                <p>\(result.request.body)</p>\(figures)\(taskLine)<div class="actions">\(status)</div></li>
                """
        }
        let filter: HTML =
            query.unreadOnly
            ? "<a href=\"/portal/inbox\">\(text["inbox.all"])</a>"
            : "<a href=\"/portal/inbox?unread=1\">\(text["inbox.unreadOnly"])</a>"
        let body: HTML = """
            <h1>\(text["inbox.heading"])</h1><p class="lead">\(filter)</p>
            <p id="inbox-live" class="live" role="status" aria-live="polite" data-stream="/portal/inbox/stream" data-message="\(text["inbox.new"])"></p>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(text["inbox.none"])</p>") : HTML("<ul class=\"inbox\">\(list)</ul>"))
            """
        return await visit.page(text["inbox.heading"], body)
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        let unit = try visit.staffUnit()
        let id = try context.parameters.require("id")
        let services = portal.services
        guard let result = try await services.store.result(id: id),
            result.request.audience.addresses(unit, in: services.units)
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        _ = try await services.store.acknowledge(result: id, unit: unit, by: try visit.requireCredential().id)
        return PortalVisit.redirect(to: "/portal/inbox#result-\(id)")
    }

    /// The name of each sending credential as a worker reads it: an upper-level system's key by the
    /// system (the adapter it sends for), any other key by its own name; never its id.
    private func senderNames() async throws -> [String: String] {
        let adapters = portal.services.adapters
        return try await portal.services.store.credentials().reduce(into: [:]) { names, credential in
            if case .upstream(let target, _) = credential.role, let adapter = adapters.adapter(target) {
                names[credential.id] = adapter.descriptor.title
            } else {
                names[credential.id] = credential.name
            }
        }
    }

    private func inboxQuery(_ unit: String) -> InboxQuery {
        InboxQuery(unit: unit, ancestors: portal.services.units.ancestors(of: unit).map(\.code))
    }
}
