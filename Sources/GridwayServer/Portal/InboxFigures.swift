import GridwayCore
import GridwayJSON

/// An aggregate result's figures as the inbox shows them: a small table of the numbers in its `data`.
///
/// The numbers are the members of `data.measures` when there is such an object (the shape of
/// `GET /v1/aggregates`' figures), otherwise of `data` itself; each is named by the title of the
/// measure of that name in the contract `data.contract` names, or by its own name.
enum InboxFigures {
    static func table(_ data: JSONValue?, catalog: ContractCatalog, text: PortalText) -> HTML {
        guard let data, case .object(let members) = data["measures"] ?? data else { return .empty }
        let figures = members.compactMap { name, value in value.doubleValue.map { (name, $0) } }
        guard !figures.isEmpty else { return .empty }
        let contract = data["contract"]?.stringValue
            .flatMap { try? ContractRef(parsing: $0) }
            .flatMap { catalog.contract($0) }
        let rows = figures.html { name, figure -> HTML in
            let title = contract?.measures.first { $0.name == name }?.title ?? name
            return "<tr><th scope=\"row\">\(title)</th><td class=\"num\">\(PortalChart.number(figure))</td></tr>"
        }
        let caption = [text["inbox.figures"], contract?.title, data["period"]?.stringValue].compactMap { $0 }
        return """
            <table class="facts-table numbers figures"><caption>\(caption.joined(separator: " · "))</caption>
            <thead><tr><th scope="col">\(text["inbox.figure"])</th><th scope="col">\(text["inbox.value"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
