import GridwayCore
import GridwayJSON
import Hummingbird

/// Aggregates of the caller's subtree: a table and a chart by child unit (with the unit's own reports
/// as 本级直报), a table per dimension, and a chart over recent periods, read through the API's own
/// aggregate handler (and so its scope checks). Measures, dimensions and their values show their titles.
extension PortalController {
    func addAggregateRoutes(to group: RouterGroup<Context>) {
        group.get("aggregates", use: aggregates)
    }

    @Sendable func aggregates(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let credential = try visit.requireCredential()
        let text = visit.text
        let services = portal.services
        let parameters = request.uri.queryParameters
        let contracts = services.catalog.ids.compactMap { services.catalog.versions(of: $0).last }.filter {
            !$0.measures.isEmpty
        }
        guard let first = contracts.first else {
            return await visit.page(
                text["aggregates.heading"],
                "<h1>\(text["aggregates.heading"])</h1><p class=\"empty\">\(text["aggregates.none"])</p>")
        }
        let contract =
            parameters.get("contract").flatMap { name in contracts.first { $0.ref.description == name } } ?? first
        let unit = parameters.get("unit") ?? credential.role.scopeRoot ?? services.units.root.code
        let recent = PortalPeriods.recent(contract.periodType, count: 6)
        let period = parameters.get("period") ?? recent.last
        let measure =
            parameters.get("measure").flatMap { name in contract.measures.first { $0.name == name } }
            ?? contract.measures[0]
        let show = AggregateController<Context>(services: services).show
        var query: [(String, String)] = [("contract", contract.ref.description), ("unit", unit)]
        if let period { query.append(("period", period)) }
        let byChild = try await PortalAPI.get(
            show, path: "/v1/aggregates", query: query + [("by", "child")], context: context)
        var overTime: [(label: String, value: Double)] = []
        for each in recent {
            let totals = try await PortalAPI.get(
                show, path: "/v1/aggregates",
                query: [("contract", contract.ref.description), ("unit", unit), ("period", each)], context: context)
            overTime.append((each, totals["totals"]?["measures"]?[measure.name]?.doubleValue ?? 0))
        }
        let breakdown = byChild["breakdown"]?.arrayValue ?? []
        let reportedAtUnit = byChild["own"]
        let own = (reportedAtUnit?["submissions"]?.intValue ?? 0) > 0 ? reportedAtUnit : nil
        let headers = contract.measures.html { "<th scope=\"col\">\(text("aggregates.measure", $0.title))</th>" }
        func cells(_ figures: JSONValue?) -> HTML {
            contract.measures.html { measure in
                "<td class=\"num\" data-label=\"\(measure.title)\">\(figures?["measures"]?[measure.name]?.doubleValue.map(PortalChart.number) ?? "—")</td>"
            }
        }
        func row(_ header: HTML, _ figures: JSONValue, _ attributes: HTML = .empty) -> HTML {
            """
            <tr\(attributes)><th scope="row">\(header)</th>
            <td class="num" data-label="\(text["aggregates.submissions"])">\(figures["submissions"]?.intValue ?? 0)</td>\(cells(figures))</tr>
            """
        }
        let childRows = breakdown.html { child in
            row(
                "<a href=\"/portal/aggregates?\(URLQueryEncoding.encode([("contract", contract.ref.description), ("unit", child["unit"]?.stringValue ?? ""), ("period", period ?? ""), ("measure", measure.name)]))\">\(child["name"]?.stringValue ?? "")</a>",
                child)
        }
        let rows = childRows + (own.map { row("\(text["aggregates.own"])", $0, " class=\"own\"") } ?? .empty)
        var dimensionTables: HTML = .empty
        for dimension in contract.dimensions {
            let answer = try await PortalAPI.get(
                show, path: "/v1/aggregates", query: query + [("by", dimension.name)], context: context)
            let field = contract.field(at: dimension.field)
            let valueRows = (answer["breakdown"]?.arrayValue ?? []).html { entry in
                row("\(Self.dimensionValueTitle(entry["value"] ?? .null, field: field, text: text))", entry)
            }
            dimensionTables += """
                <table class="list numbers"><caption>\(text("aggregates.byDimension", dimension.title))</caption>
                <thead><tr><th scope="col">\(dimension.title)</th><th scope="col">\(text["aggregates.submissions"])</th>\(headers)</tr></thead>
                <tbody>\(valueRows)</tbody></table>
                """
        }
        let totals = byChild["totals"]
        let contractOptions = contracts.html { each in
            "<option value=\"\(each.ref.description)\"\(each.ref == contract.ref ? HTML(raw: " selected") : .empty)>\(each.title)</option>"
        }
        let measureOptions = contract.measures.html { each in
            "<option value=\"\(each.name)\"\(each.name == measure.name ? HTML(raw: " selected") : .empty)>\(each.title)</option>"
        }
        let bars =
            breakdown.map { ($0["name"]?.stringValue ?? "", $0["measures"]?[measure.name]?.doubleValue ?? 0) }
            + (own.map { [(text["aggregates.own"], $0["measures"]?[measure.name]?.doubleValue ?? 0)] } ?? [])
        let chartByChild = PortalChart.horizontal(bars, title: text("aggregates.byChild", measure.title, period ?? ""))
        let chartOverTime = PortalChart.vertical(overTime, title: text("aggregates.overTime", measure.title))
        let body: HTML = """
            <h1>\(text["aggregates.heading"])</h1><p class="lead">\(text("aggregates.intro", visit.unitName(unit)))</p>
            <form method="get" action="/portal/aggregates" class="filters">
            <input type="hidden" name="unit" value="\(unit)">
            <label for="agg-contract">\(text["aggregates.contract"])</label><select id="agg-contract" name="contract">\(contractOptions)</select>
            <label for="agg-period">\(text["aggregates.period"])</label><input id="agg-period" name="period" value="\(period ?? "")">
            <label for="agg-measure">\(text["aggregates.measureLabel"])</label><select id="agg-measure" name="measure">\(measureOptions)</select>
            <button type="submit">\(text["common.apply"])</button></form>
            <table class="list numbers"><caption>\(text("aggregates.tableCaption", contract.title, period ?? ""))</caption>
            <thead><tr><th scope="col">\(text["aggregates.unit"])</th><th scope="col">\(text["aggregates.submissions"])</th>\(headers)</tr></thead>
            <tbody>\(rows)</tbody>
            <tfoot><tr><th scope="row">\(text["aggregates.total"])</th><td class="num" data-label="\(text["aggregates.submissions"])">\(totals?["submissions"]?.intValue ?? 0)</td>\(cells(totals))</tr></tfoot></table>
            <div class="charts">\(chartByChild)\(chartOverTime)</div>\(dimensionTables)
            """
        return await visit.page(text["aggregates.heading"], body)
    }

    /// A dimension's value as people read it: the field's enum title, or 是/否 for a boolean.
    static func dimensionValueTitle(_ value: JSONValue, field: ContractField?, text: PortalText) -> String {
        switch value {
        case .string(let code): field?.enumTitles[code] ?? code
        case .bool(let flag): field?.enumTitles[String(flag)] ?? text[flag ? "form.yes" : "form.no"]
        default: ContractForm.display(value)
        }
    }
}
