import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
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
        group.post("forms/{ref}/reveal", use: revealInCorrection)
        group.get("forms/{ref}/upload", use: uploadPage)
        group.post("forms/{ref}/upload", use: upload)
        group.post("forms/{ref}/import", use: importRows)
        group.get("forms/{ref}/template.xlsx", use: template)
        group.get("forms/{ref}/template.csv", use: template)
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
        return await visit.page(
            text["forms.heading"], "<h1>\(text["forms.heading"])</h1><ul class=\"cards\">\(items)</ul>")
    }

    @Sendable func formPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let unit = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let parameters = request.uri.queryParameters
        var state = FormState(
            unit: parameters.get("unit") ?? unit,
            period: parameters.get("period") ?? PortalPeriods.current(contract.periodType) ?? "",
            supersedes: "", idempotencyKey: Portal.randomToken(), prefillToken: "")
        var form = ContractForm(contract: contract, text: visit.text)
        var picker: SubjectPicker?
        if let correcting = parameters.get("correct") {
            let original = try await visibleSubmission(correcting, visit)
            form.values = original.request.data
            form.masked = Self.masked(contract, original.request.data, keeping: Set(contract.fields.map(\.name)))
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
                state.prefillToken = answer["token"]?.stringValue ?? ""
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
        let state = FormState(posted, periodType: contract.periodType)
        var form = try await correctionForm(contract, posted: posted, state: state, visit: visit)
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
                submission, idempotencyKey: "portal:" + state.idempotencyKey, by: credential,
                prefillToken: state.prefillToken.isEmpty ? nil : state.prefillToken)
            return PortalVisit.redirect(to: "/portal/submissions/\(accepted.submission.id)?new=1")
        } catch let problem as Problem where problem.status == .unprocessableContent {
            form.errors = FieldErrors(problem, text: visit.text)
            return await formResponse(visit, form: form, state: state, status: .unprocessableContent)
        }
    }

    /// Shows one personal field of a correction in full for editing, after auditing who looked at what; the
    /// rest of the form comes back as it was posted.
    @Sendable func revealInCorrection(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let posted = try await visit.form()
        _ = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let state = FormState(posted, periodType: contract.periodType)
        guard let name = posted["_reveal"], let field = contract.fields.first(where: { $0.name == name }),
            field.pii != .none,
            !state.supersedes.isEmpty
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        let original = try await visibleSubmission(state.supersedes, visit)
        try await recordReveal(of: field, in: original, visit: visit, on: "correction")
        var form = try await correctionForm(contract, posted: posted, state: state, visit: visit)
        form.masked[name] = nil
        return await formResponse(visit, form: form, state: state, status: .ok)
    }

    /// A posted form read back, with the personal fields a correction kept hidden (`_keep`) taken from the
    /// original it supersedes, which the caller must be able to see.
    private func correctionForm(_ contract: Contract, posted: PortalForm, state: FormState, visit: PortalVisit)
        async throws
        -> ContractForm
    {
        var form = ContractForm(contract: contract, text: visit.text)
        form.values = ContractFormReader(contract: contract).data(from: posted)
        let kept = Set(posted.values("_keep"))
        guard !kept.isEmpty, !state.supersedes.isEmpty else { return form }
        let original = try await visibleSubmission(state.supersedes, visit).request.data
        form.masked = Self.masked(contract, original, keeping: kept)
        if case .object(var values) = form.values {
            for name in form.masked.keys { values[name] = original[name] }
            form.values = .object(values)
        }
        return form
    }

    /// The masked text of each personal top-level field named in `names` that `data` has a value for.
    private static func masked(_ contract: Contract, _ data: JSONValue, keeping names: Set<String>) -> [String: String]
    {
        var masked: [String: String] = [:]
        for field in contract.fields where field.pii != .none && names.contains(field.name) {
            if let value = data[field.name] { masked[field.name] = PIIMask.mask(value, as: field.pii) }
        }
        return masked
    }

    /// The hidden and envelope inputs of a form.
    struct FormState {
        var unit: String
        var period: String
        var supersedes: String
        var idempotencyKey: String
        /// The token of the prefill answer the form was filled from, sent back with the submission.
        var prefillToken: String
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
                "<li><a href=\"#\(ContractForm.inputID(path))\">\(path == "_period" ? text["form.period"] : self.fieldTitle(path, in: contract))：\(form.errors.messages(at: path).joined(separator: "；"))</a></li>"
            }
            let general = form.errors.general.html { "<li>\($0)</li>" }
            summary = """
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary"><h2>\(text["form.errorsHeading"])</h2><ul>\(general)\(links)</ul></div>
                """
        }
        let periodErrors = form.errors.messages(at: "_period")
        let kept: HTML = form.masked.isEmpty ? .empty : " \(text["correction.kept"])"
        let correction: HTML =
            state.supersedes.isEmpty
            ? .empty : "<p class=\"notice\">\(text("form.correcting", state.supersedes))\(kept)</p>"
        let periodField: HTML =
            contract.periodType == .none
            ? .empty
            : """
            <div class="field"><label for="f-_period">\(text["form.period"])<abbr class="req" title="\(text["form.required"])">*</abbr></label>
            <p class="hint" id="h-f-_period">\(text("form.periodHint", text["import.periodExample." + contract.periodType.rawValue]))</p>
            <div class="period-input"><input id="f-_period" name="_period" required value="\(state.period)" autocomplete="off" aria-describedby="h-f-_period"\(periodErrors.isEmpty ? HTML.empty : HTML(raw: " aria-invalid=\"true\""))>
            \(PeriodPicker(type: contract.periodType, value: state.period, label: text["form.periodPicker"]).render(for: "f-_period"))</div>
            <p class="field-error" id="e-f-_period"\(periodErrors.isEmpty ? HTML(raw: " hidden") : .empty)>\(periodErrors.joined(separator: "；"))</p></div>
            """
        // Enter in a field submits through the form's first button: with masked fields that must be this
        // one, not the first 显示并修改.
        let defaultSubmit: HTML =
            form.masked.isEmpty
            ? .empty
            : "<button type=\"submit\" class=\"sr-only\" tabindex=\"-1\" aria-hidden=\"true\">\(text["form.submit"])</button>"
        let body: HTML = """
            <h1>\(contract.title)</h1><p class="lead">\(contract.description)</p>\(correction)\(summary)
            \(picker?.render(unit: state.unit, period: state.period) ?? .empty)
            <form method="post" action="/portal/forms/\(contract.ref.description)" class="report" novalidate data-validate
             data-msg-required="\(text["v.required"])" data-msg-range="\(text["v.range"])" data-msg-pattern="\(text["v.pattern"])"
             data-msg-length="\(text["v.length"])" data-msg-type="\(text["v.type"])" data-msg-summary="\(text["form.errorsHeading"])">
            \(visit.csrfField)\(defaultSubmit)
            <input type="hidden" name="_idempotency" value="\(state.idempotencyKey)">
            <input type="hidden" name="_supersedes" value="\(state.supersedes)">
            <input type="hidden" name="_prefill" value="\(state.prefillToken)">
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
        guard let reference = try? ContractRef(parsing: text),
            let contract = portal.services.catalog.contract(reference)
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

extension PortalController.FormState {
    /// The state a posted form carries in its hidden and period fields, the period as people write it normalised.
    init(_ posted: PortalForm, periodType: PeriodType) {
        self.init(
            unit: posted["_unit"] ?? "", period: PeriodInput.normalized(posted["_period"] ?? "", as: periodType),
            supersedes: posted["_supersedes"] ?? "", idempotencyKey: posted["_idempotency"] ?? "",
            prefillToken: posted["_prefill"] ?? "")
    }
}
