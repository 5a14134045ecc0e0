import GridwayCore
import Hummingbird

/// Aggregates of the caller's subtree: a table and a chart by child unit, and a chart over recent periods,
/// read through the API's own aggregate handler (and so its scope checks).
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
        let contracts = services.catalog.ids.compactMap { services.catalog.versions(of: $0).last }.filter { !$0.measures.isEmpty }
        guard let first = contracts.first else {
            return await visit.page(text["aggregates.heading"], "<h1>\(text["aggregates.heading"])</h1><p class=\"empty\">\(text["aggregates.none"])</p>")
        }
        let contract = parameters.get("contract").flatMap { name in contracts.first { $0.ref.description == name } } ?? first
        let unit = parameters.get("unit") ?? credential.role.scopeRoot ?? services.units.root.code
        let recent = PortalPeriods.recent(contract.periodType, count: 6)
        let period = parameters.get("period") ?? recent.last
        let measure = parameters.get("measure").flatMap { name in contract.measures.first { $0.name == name } } ?? contract.measures[0]
        let show = AggregateController<Context>(services: services).show
        var query: [(String, String)] = [("contract", contract.ref.description), ("unit", unit)]
        if let period { query.append(("period", period)) }
        let byChild = try await PortalAPI.get(show, path: "/v1/aggregates", query: query + [("by", "child")], context: context)
        var overTime: [(label: String, value: Double)] = []
        for each in recent {
            let totals = try await PortalAPI.get(
                show, path: "/v1/aggregates",
                query: [("contract", contract.ref.description), ("unit", unit), ("period", each)], context: context)
            overTime.append((each, totals["totals"]?["measures"]?[measure.name]?.doubleValue ?? 0))
        }
        let breakdown = byChild["breakdown"]?.arrayValue ?? []
        let headers = contract.measures.html { "<th scope=\"col\">\(text("aggregates.measure", $0.name))</th>" }
        func cells(_ figures: JSONValue?) -> HTML {
            contract.measures.html { measure in
                "<td class=\"num\" data-label=\"\(measure.name)\">\(figures?["measures"]?[measure.name]?.doubleValue.map(PortalChart.number) ?? "—")</td>"
            }
        }
        let rows = breakdown.html { row in
            """
            <tr><th scope="row"><a href="/portal/aggregates?\(URLQueryEncoding.encode([("contract", contract.ref.description), ("unit", row["unit"]?.stringValue ?? ""), ("period", period ?? ""), ("measure", measure.name)]))">\(row["name"]?.stringValue ?? "")</a></th>
            <td class="num" data-label="\(text["aggregates.submissions"])">\(row["submissions"]?.intValue ?? 0)</td>\(cells(row))</tr>
            """
        }
        let totals = byChild["totals"]
        let contractOptions = contracts.html { each in
            "<option value=\"\(each.ref.description)\"\(each.ref == contract.ref ? HTML(raw: " selected") : .empty)>\(each.title)</option>"
        }
        let measureOptions = contract.measures.html { each in
            "<option value=\"\(each.name)\"\(each.name == measure.name ? HTML(raw: " selected") : .empty)>\(each.name)</option>"
        }
        let chartByChild = PortalChart.horizontal(
            breakdown.map { ($0["name"]?.stringValue ?? "", $0["measures"]?[measure.name]?.doubleValue ?? 0) },
            title: text("aggregates.byChild", measure.name, period ?? ""))
        let chartOverTime = PortalChart.vertical(overTime, title: text("aggregates.overTime", measure.name))
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
            <div class="charts">\(chartByChild)\(chartOverTime)</div>
            """
        return await visit.page(text["aggregates.heading"], body)
    }
}
