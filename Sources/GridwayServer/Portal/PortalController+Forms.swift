import Foundation
import GridwayCore
import GridwayStore
import Hummingbird
import OrderedCollections

/// Report forms generated from contracts: prefilled, validated in the browser and again on the server, and
/// stored through the one submission path every channel uses.
extension PortalController {
    func addFormRoutes(to group: RouterGroup<Context>) {
        group.get("forms", use: formList)
        group.get("forms/{ref}", use: formPage)
        group.post("forms/{ref}", use: submitForm)
        group.get("forms/{ref}/upload", use: uploadPage)
        group.post("forms/{ref}/upload", use: upload)
    }

    @Sendable func formList(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.staffUnit()
        let text = visit.text
        let catalog = portal.services.catalog
        let items = catalog.ids.compactMap { catalog.versions(of: $0).last }.html { contract in
            """
            <li class="card"><h2>\(contract.title)</h2><p class="meta">\(contract.ref.description) · \(text["period." + contract.periodType.rawValue])</p>
            <p>\(contract.description)</p>
            <p class="actions"><a class="button primary" href="/portal/forms/\(contract.ref.description)">\(text["forms.fill"])</a>
            <a class="button" href="/portal/forms/\(contract.ref.description)/upload">\(text["forms.upload"])</a></p></li>
            """
        }
        return await visit.page(text["forms.heading"], "<h1>\(text["forms.heading"])</h1><ul class=\"cards\">\(items)</ul>")
    }

    @Sendable func formPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let unit = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let parameters = request.uri.queryParameters
        var state = FormState(
            unit: parameters.get("unit") ?? unit,
            period: parameters.get("period") ?? PortalPeriods.current(contract.periodType) ?? "",
            supersedes: "", idempotencyKey: Portal.randomToken())
        var form = ContractForm(contract: contract, text: visit.text)
        var picker: SubjectPicker?
        if let correcting = parameters.get("correct") {
            let original = try await visibleSubmission(correcting, visit)
            form.values = original.request.data
            state.unit = original.request.unit
            state.period = original.request.period ?? ""
            state.supersedes = original.id
        } else if let subject = contract.subject, !subject.key.isEmpty {
            let prefill = PrefillController<Context>(services: portal.services).prefill
            let query = [("contract", contract.ref.description), ("unit", state.unit)]
            let describe = { (source: JSONValue?) in self.sourceLabel(source, visit, form: contract) }
            let picked = parameters.get("subject").flatMap { $0.isEmpty ? nil : $0 }
            picker = SubjectPicker(
                contract: contract, text: visit.text,
                candidates: try await PortalAPI.get(
                    prefill, path: "/v1/prefill", query: query + [("limit", "200")], context: context),
                picked: picked, describe: describe)
            if let picked {
                let answer = try await PortalAPI.get(
                    prefill, path: "/v1/prefill", query: query + [("subject", picked)], context: context)
                SubjectPicker.fill(&form, from: answer, describe: describe)
            }
        }
        return await formResponse(visit, form: form, state: state, status: .ok, picker: picker)
    }

    @Sendable func submitForm(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let posted = try await visit.form()
        let credential = try visit.requireCredential()
        _ = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let state = FormState(
            unit: posted["_unit"] ?? "", period: posted["_period"] ?? "",
            supersedes: posted["_supersedes"] ?? "", idempotencyKey: posted["_idempotency"] ?? "")
        var form = ContractForm(contract: contract, text: visit.text)
        form.values = ContractFormReader(contract: contract).data(from: posted)
        var envelope: OrderedDictionary<String, JSONValue> = [
            "contract": .string(contract.ref.description), "unit": .string(state.unit), "data": form.values,
        ]
        if !state.period.isEmpty { envelope["period"] = .string(state.period) }
        if !state.supersedes.isEmpty { envelope["supersedes"] = .string(state.supersedes) }
        do {
            guard !state.idempotencyKey.isEmpty else { throw Problem.missingIdempotencyKey() }
            let submission = try SubmissionIntake(catalog: portal.services.catalog, units: portal.services.units)
                .request(from: .object(envelope), for: credential)
            let accepted = try await portal.services.accept(
                submission, idempotencyKey: "portal:" + state.idempotencyKey, by: credential)
            return PortalVisit.redirect(to: "/portal/submissions/\(accepted.submission.id)?new=1")
        } catch let problem as Problem where problem.status == .unprocessableContent {
            form.errors = FieldErrors(problem.violations, text: visit.text)
            if problem.violations.isEmpty { form.errors.addGeneral(problem.detail) }
            return await formResponse(visit, form: form, state: state, status: .unprocessableContent)
        }
    }

    /// The hidden and envelope inputs of a form.
    struct FormState {
        var unit: String
        var period: String
        var supersedes: String
        var idempotencyKey: String
    }

    private func formResponse(
        _ visit: PortalVisit, form: ContractForm, state: FormState, status: HTTPResponse.Status,
        picker: SubjectPicker? = nil
    ) async -> Response {
        let text = visit.text
        let contract = form.contract
        let units = portal.services.units
        let unitChoices: [OrgUnit] = {
            guard case .staff(let root)? = visit.credential?.role, let top = units.unit(root) else { return [] }
            return [top] + units.descendants(of: root)
        }()
        let unitOptions = unitChoices.html { unit in
            "<option value=\"\(unit.code)\"\(unit.code == state.unit ? HTML(raw: " selected") : .empty)>\(unit.name) (\(unit.code))</option>"
        }
        var summary: HTML = .empty
        if !form.errors.isEmpty {
            let links = form.errors.paths.html { path in
                "<li><a href=\"#\(ContractForm.inputID(path))\">\(self.fieldTitle(path, in: contract))：\(form.errors.messages(at: path).joined(separator: "；"))</a></li>"
            }
            let general = form.errors.general.html { "<li>\($0)</li>" }
            summary = """
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary"><h2>\(text["form.errorsHeading"])</h2><ul>\(general)\(links)</ul></div>
                """
        }
        let periodErrors = form.errors.messages(at: "_period")
        let correction: HTML =
            state.supersedes.isEmpty ? .empty : "<p class=\"notice\">\(text("form.correcting", state.supersedes))</p>"
        let periodField: HTML =
            contract.periodType == .none
            ? .empty
            : """
            <div class="field"><label for="f-_period">\(text["form.period"])<abbr class="req" title="\(text["form.required"])">*</abbr></label>
            <p class="hint" id="h-f-_period">\(text("form.periodHint", contract.periodType.pattern))</p>
            <input id="f-_period" name="_period" required value="\(state.period)" aria-describedby="h-f-_period"\(periodErrors.isEmpty ? HTML.empty : HTML(raw: " aria-invalid=\"true\""))>
            <p class="field-error" id="e-f-_period"\(periodErrors.isEmpty ? HTML(raw: " hidden") : .empty)>\(periodErrors.joined(separator: "；"))</p></div>
            """
        let body: HTML = """
            <h1>\(contract.title)</h1><p class="lead">\(contract.description)</p>\(correction)\(summary)
            \(picker?.render(unit: state.unit, period: state.period) ?? .empty)
            <form method="post" action="/portal/forms/\(contract.ref.description)" class="report" novalidate data-validate
             data-msg-required="\(text["v.required"])" data-msg-range="\(text["v.range"])" data-msg-pattern="\(text["v.pattern"])"
             data-msg-length="\(text["v.length"])" data-msg-type="\(text["v.type"])" data-msg-summary="\(text["form.errorsHeading"])">
            \(visit.csrfField)
            <input type="hidden" name="_idempotency" value="\(state.idempotencyKey)">
            <input type="hidden" name="_supersedes" value="\(state.supersedes)">
            <div class="field"><label for="f-_unit">\(text["form.unit"])</label><select id="f-_unit" name="_unit">\(unitOptions)</select></div>
            \(periodField)
            \(form.render())
            <div class="actions"><button type="submit" class="primary">\(text["form.submit"])</button>
            <a class="button" href="/portal/forms/\(contract.ref.description)/upload">\(text["forms.upload"])</a></div>
            </form>
            """
        return await visit.page(contract.title, body, status: status)
    }

    /// The contract named by the route's `{ref}`; 404 when the catalog has none.
    func contract(_ context: Context, _ visit: PortalVisit) throws -> Contract {
        let text = try context.parameters.require("ref")
        guard let reference = try? ContractRef(parsing: text), let contract = portal.services.catalog.contract(reference)
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        return contract
    }

    /// "上次填报（2026-11-05 10:00）", "家庭医生随访记录（2026-11-05 10:00）" (a report of another
    /// contract than the form's) or "民政局 (civil-affairs-elderly)" for a prefill source.
    private func sourceLabel(_ source: JSONValue?, _ visit: PortalVisit, form: Contract) -> String {
        switch source?["type"]?.stringValue {
        case "adapter":
            let id = source?["adapter"]?.stringValue ?? ""
            let title = portal.services.adapters.adapters.first { $0.descriptor.id == id }?.descriptor.title ?? id
            return visit.text("source.adapter", title)
        case "submission":
            let at = source?["receivedAt"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) }
            let reported = source?["contract"]?.stringValue.flatMap { try? ContractRef(parsing: $0) }
            if let reported, reported != form.ref, let other = portal.services.catalog.contract(reported) {
                return visit.text("source.contractSubmission", other.title, at.map(visit.format) ?? "")
            }
            return visit.text("source.submission", at.map(visit.format) ?? "")
        default:
            return visit.text["source.other"]
        }
    }

    /// The title of the field at a dotted path, with row numbers for repeated rows.
    private func fieldTitle(_ path: String, in contract: Contract) -> String {
        var titles: [String] = []
        var fields = contract.fields
        for token in path.split(separator: ".").map(String.init) {
            if let index = Int(token) {
                titles.append("#\(index + 1)")
                continue
            }
            guard let field = fields.first(where: { $0.name == token }) else { return path }
            titles.append(field.title)
            fields = field.fields
        }
        return titles.joined(separator: " › ")
    }
}
