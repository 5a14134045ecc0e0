import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird

/// The caller's submissions: where each went (every target, its state and receipt), the data with
/// personal information masked until an audited reveal, and corrections.
extension PortalController {
    func addSubmissionRoutes(to group: RouterGroup<Context>) {
        group.get("submissions", use: submissionList)
        group.get("submissions/{id}", use: submissionPage)
        group.get("submissions/{id}/deliveries", use: deliveryFragment)
        group.post("submissions/{id}/reveal", use: reveal)
    }

    @Sendable func submissionList(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let credential = try visit.requireCredential()
        let text = visit.text
        let parameters = request.uri.queryParameters
        let services = portal.services
        var query = SubmissionQuery(subtree: credential.role.scopeRoot, limit: 30)
        query.contract = parameters.get("contract").flatMap { try? ContractRef(parsing: $0) }
        query.period = parameters.get("period").flatMap { $0.isEmpty ? nil : $0 }
        query.before = parameters.get("before")
        let page = try await services.store.submissions(matching: query)
        let deliveries = try await services.store.deliveries(ofSubmissions: page.items.map(\.id))
        let rows = page.items.html { submission -> HTML in
            let contract = services.catalog.contract(submission.request.contract)
            let targets = (deliveries[submission.id] ?? []).filter { $0.state != .cancelled }.html { delivery in
                let late: HTML = Self.isHeldUp(delivery) ? " · \(text["deliveryAdvice.short"])" : .empty
                return
                    "<li>\(targetTitle(delivery.target)): <span class=\"state state-\(delivery.state.rawValue)\">\(text["deliveryState." + delivery.state.rawValue])</span>\(late)\(delivery.receipt.map { HTML(" · \(text["submissions.receipt"]) \($0)") } ?? .empty)</li>"
            }
            return """
                <tr><td data-label="\(text["submissions.received"])"><a href="/portal/submissions/\(submission.id)">\(visit.format(submission.receivedAt))</a></td>
                <td data-label="\(text["submissions.contract"])">\(contract?.title ?? submission.request.contract.description)</td>
                <td data-label="\(text["submissions.summary"])">\(summary(submission, contract))</td>
                <td data-label="\(text["submissions.unit"])">\(visit.unitName(submission.request.unit))</td>
                <td data-label="\(text["submissions.period"])">\(submission.request.period ?? "—")</td>
                <td data-label="\(text["submissions.status"])">\(text["submissionStatus." + submission.status.rawValue])</td>
                <td data-label="\(text["submissions.targets"])"><ul class="plain">\(targets)</ul></td></tr>
                """
        }
        let more: HTML =
            page.nextCursor.map { cursor in
                var next: [(String, String)] = [("before", cursor)]
                if let contract = query.contract { next.append(("contract", contract.description)) }
                if let period = query.period { next.append(("period", period)) }
                return
                    "<p><a href=\"/portal/submissions?\(URLQueryEncoding.encode(next))\">\(text["common.more"])</a></p>"
            } ?? .empty
        let body: HTML = """
            <h1>\(text["submissions.heading"])</h1>
            \(page.items.isEmpty ? HTML("<p class=\"empty\">\(text["submissions.none"])</p>") : HTML("""
            <table class="list"><thead><tr><th scope="col">\(text["submissions.received"])</th><th scope="col">\(text["submissions.contract"])</th>
            <th scope="col">\(text["submissions.summary"])</th><th scope="col">\(text["submissions.unit"])</th><th scope="col">\(text["submissions.period"])</th>
            <th scope="col">\(text["submissions.status"])</th><th scope="col">\(text["submissions.targets"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """))\(more)
            """
        return await visit.page(text["submissions.heading"], body)
    }

    @Sendable func submissionPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let submission = try await visibleSubmission(try context.parameters.require("id"), visit)
        return await submissionResponse(visit, submission, revealed: nil)
    }

    @Sendable func deliveryFragment(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let submission = try await visibleSubmission(try context.parameters.require("id"), visit)
        return visit.fragment(try await deliveryTable(visit, submission))
    }

    /// Shows one masked field in full, after auditing who looked at what.
    @Sendable func reveal(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let form = try await visit.form()
        let submission = try await visibleSubmission(try context.parameters.require("id"), visit)
        guard let name = form["field"], let contract = portal.services.catalog.contract(submission.request.contract),
            let field = contract.fields.first(where: { $0.name == name }), field.pii != .none
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        try await recordReveal(of: field, in: submission, visit: visit, on: "detail")
        return await submissionResponse(visit, submission, revealed: name)
    }

    /// Audits that the caller saw a personal field of `submission` in full, on its detail page or in a correction.
    func recordReveal(of field: ContractField, in submission: Submission, visit: PortalVisit, on page: String)
        async throws
    {
        try await portal.services.store.recordAccess(
            actor: try visit.requireCredential().id, action: "portal.pii-revealed", subject: submission.id,
            detail: ["field": .string(field.name), "pii": .string(field.pii.rawValue), "page": .string(page)])
    }

    /// The submission `id` if the caller may see its unit; 404 otherwise, so nothing outside the scope is confirmed.
    func visibleSubmission(_ id: String, _ visit: PortalVisit) async throws -> Submission {
        let credential = try visit.requireCredential()
        guard let submission = try await portal.services.store.submission(id: id),
            credential.mayActFor(unit: submission.request.unit, in: portal.services.units)
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        return submission
    }

    private func submissionResponse(_ visit: PortalVisit, _ submission: Submission, revealed: String?) async -> Response
    {
        let text = visit.text
        let request = submission.request
        let contract = portal.services.catalog.contract(request.contract)
        let rows = (contract?.fields ?? []).html { field -> HTML in
            guard let value = request.data[field.name] else { return .empty }
            let shown: HTML
            if field.pii == .none || revealed == field.name {
                shown = PortalValues.render(value, field: field)
            } else {
                shown = """
                    <span class="masked">\(PIIMask.mask(value, as: field.pii))</span>
                    <form method="post" action="/portal/submissions/\(submission.id)/reveal" class="inline">\(visit.csrfField)
                    <input type="hidden" name="field" value="\(field.name)"><button type="submit" class="link" aria-label="\(text("submission.revealField", field.title))">\(text["submission.reveal"])</button></form>
                    """
            }
            return "<tr><th scope=\"row\">\(field.title)</th><td id=\"value-\(field.name)\">\(shown)</td></tr>"
        }
        let deliveries = (try? await deliveryTable(visit, submission)) ?? .empty
        var actions: HTML = .empty
        if case .staff? = visit.credential?.role, submission.status == .accepted {
            actions =
                "<a class=\"button\" href=\"/portal/forms/\(request.contract.description)?correct=\(submission.id)\">\(text["submission.correct"])</a>"
        }
        let created: HTML =
            visit.request.uri.queryParameters.get("new") == "1"
            ? "<p class=\"notice\" role=\"status\">\(text["submission.accepted"])</p>" : .empty
        let lineage: HTML =
            (request.supersedes.map {
                "<p class=\"meta\">\(text["submission.supersedes"]) <a href=\"/portal/submissions/\($0)\">\($0)</a></p>"
                    as HTML
            } ?? .empty)
            + (submission.supersededBy.map {
                "<p class=\"meta\">\(text["submission.supersededBy"]) <a href=\"/portal/submissions/\($0)\">\($0)</a></p>"
                    as HTML
            } ?? .empty)
        let body: HTML = """
            <h1>\(contract?.title ?? request.contract.description)</h1>\(created)
            <dl class="facts"><dt>\(text["submissions.id"])</dt><dd id="submission-id">\(submission.id)</dd>
            <dt>\(text["submissions.unit"])</dt><dd>\(visit.unitName(request.unit))</dd>
            <dt>\(text["submissions.period"])</dt><dd>\(request.period ?? "—")</dd>
            <dt>\(text["submissions.received"])</dt><dd>\(visit.format(submission.receivedAt))</dd>
            <dt>\(text["submissions.status"])</dt><dd>\(text["submissionStatus." + submission.status.rawValue])</dd></dl>\(lineage)
            <h2>\(text["submission.deliveries"])</h2>\(deliveries)
            <h2>\(text["submission.data"])</h2><table class="facts-table"><tbody>\(rows)</tbody></table>
            <div class="actions">\(actions)</div>
            """
        return await visit.page(contract?.title ?? request.contract.description, body)
    }

    /// Each target's delivery of a submission; it refreshes itself while any is outstanding.
    private func deliveryTable(_ visit: PortalVisit, _ submission: Submission) async throws -> HTML {
        let text = visit.text
        let deliveries = try await portal.services.store.deliveries(ofSubmission: submission.id)
        guard !deliveries.isEmpty else {
            return "<p class=\"empty\" id=\"deliveries\">\(text["submission.noTargets"])</p>"
        }
        let outstanding = deliveries.contains { $0.state.isOutstanding }
        let isAdmin = visit.credential?.role == .admin
        let rows = deliveries.html { delivery in
            // Staff read what a failed or late delivery means for them; operators read the technical error.
            let advice: HTML =
                isAdmin || !Self.isHeldUp(delivery)
                ? .empty
                : "<p class=\"advice\">\(text(delivery.state == .dead ? "deliveryAdvice.dead" : "deliveryAdvice.late", targetTitle(delivery.target)))</p>"
            return """
                <tr id="delivery-\(delivery.target)"><td data-label="\(text["deliveries.target"])">\(targetTitle(delivery.target))</td>
                <td data-label="\(text["deliveries.state"])"><span class="state state-\(delivery.state.rawValue)" data-state="\(delivery.state.rawValue)">\(text["deliveryState." + delivery.state.rawValue])</span>\(advice)</td>
                <td data-label="\(text["submissions.receipt"])">\(delivery.receipt ?? "—")</td>
                <td data-label="\(text["deliveries.attempts"])">\(delivery.attempts)</td>
                <td data-label="\(text["deliveries.deliveredAt"])">\(delivery.deliveredAt.map(visit.format) ?? "—")</td>
                \(isAdmin ? HTML("<td data-label=\"\(text["deliveries.lastError"])\">\(delivery.lastError ?? "")</td>") : .empty)</tr>
                """
        }
        let refresh: HTML = outstanding ? " data-refresh=\"/portal/submissions/\(submission.id)/deliveries\"" : .empty
        return """
            <div id="deliveries" aria-live="polite"\(refresh)><table class="list"><thead><tr><th scope="col">\(text["deliveries.target"])</th>
            <th scope="col">\(text["deliveries.state"])</th><th scope="col">\(text["submissions.receipt"])</th><th scope="col">\(text["deliveries.attempts"])</th>
            <th scope="col">\(text["deliveries.deliveredAt"])</th>\(isAdmin ? HTML("<th scope=\"col\">\(text["deliveries.lastError"])</th>") : .empty)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    /// Whether a delivery failed for good or failed at least once and waits for another attempt.
    private static func isHeldUp(_ delivery: Delivery) -> Bool {
        delivery.state == .dead || (delivery.state.isOutstanding && delivery.attempts > 0)
    }

    /// The first two filled top-level fields, masked by their PII class.
    private func summary(_ submission: Submission, _ contract: Contract?) -> String {
        (contract?.fields ?? []).compactMap { field -> String? in
            guard let value = submission.request.data[field.name], field.type != .object, field.type != .array else {
                return nil
            }
            return PIIMask.mask(value, as: field.pii)
        }.prefix(2).joined(separator: " · ")
    }

    /// A target's title from its adapter, or its id.
    func targetTitle(_ id: String) -> String {
        portal.services.adapters.adapters.first { $0.descriptor.id == id }?.descriptor.title ?? id
    }
}
