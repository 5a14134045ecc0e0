import GridwayCore
import GridwayJSON
import OrderedCollections

/// Walks the pages of one fetch: which request comes next, and the records read so far.
struct FetchPager {
    let section: FetchSection
    let settings: [String: String]
    let document: JSONValue
    private let queryObject: JSONValue
    private(set) var records: [JSONValue] = []
    private var pagesRead = 0
    private var position: Int
    private var cursor: JSONValue?
    private var finished = false

    init(section: FetchSection, settings: [String: String], query: FetchQuery) {
        self.section = section
        self.settings = settings
        document = query.document
        queryObject = document["query"] ?? .null
        position = section.pagination?.start ?? 0
    }

    /// The next page's request, or `nil` when the fetch is complete.
    mutating func nextRequest() throws(AdapterError) -> OutboundRequest? {
        guard !finished else { return nil }
        var parameters: [(name: String, value: JSONValue)] = []
        if let pagination = section.pagination {
            switch pagination.kind {
            case .page, .offset: parameters.append((pagination.param, .integer(Int64(position))))
            case .cursor: if let cursor { parameters.append((pagination.param, cursor)) }
            }
            if let sizeParam = pagination.sizeParam, let size = pagination.size {
                parameters.append((sizeParam, .integer(Int64(size))))
            }
        }
        do {
            return try section.request.build(
                document: document, settings: settings, extraParameters: parameters,
                inBody: section.pagination?.placement == .body)
        } catch {
            throw error.adapterError
        }
    }

    /// Reads one page's answer: its records, and whether another page follows.
    mutating func read(_ response: InboundResponse) throws(AdapterError) {
        let rules = section.response
        guard rules.successStatus.contains(response.status) else {
            throw .unreadableResponse("page \(pagesRead + 1) answered HTTP \(response.status)")
        }
        let body: JSONValue
        do {
            body =
                response.body.isEmpty
                ? .null : try rules.codec.format.decode(response.body, options: rules.codec.options)
        } catch {
            throw .unreadableResponse("page \(pagesRead + 1) is not \(rules.codec.format.rawValue): \(error)")
        }
        if let failed = rules.successWhen.first(where: { !$0.holds(in: body) }) {
            throw .unreadableResponse("page \(pagesRead + 1): \(failed.text) does not hold")
        }
        let items = section.records.items(in: body)
        let before = records.count
        for (index, item) in items.enumerated() {
            do {
                if let record = try section.map.evaluate(
                    in: .object(["record": item, "query": queryObject]), settings: settings)
                {
                    records.append(record)
                }
            } catch {
                throw error.within("map").within("[\(before + index)]").within("records").adapterError
            }
        }
        pagesRead += 1
        finished = isLastPage(items: items.count, body: body)
    }

    /// Whether the page just read is the last, by the stop rule and the page cap.
    private mutating func isLastPage(items: Int, body: JSONValue) -> Bool {
        guard let pagination = section.pagination, pagesRead < pagination.maxPages else { return true }
        if pagination.kind == .cursor {
            let next = pagination.cursor?.value(in: body)
            guard let next, !next.isNull, next != .string(""), next != cursor else { return true }
            cursor = next
        } else {
            position += pagination.kind == .page ? 1 : (pagination.size ?? items)
        }
        switch pagination.stop {
        case .empty: return items == 0
        case .short: return items < (pagination.size ?? 0) || items == 0
        case .total:
            guard
                let total = pagination.total?.value(in: body).flatMap({
                    $0.intValue ?? $0.stringValue.flatMap { Int($0) }
                })
            else { return true }
            return records.count >= total || items == 0
        case .cursor: return items == 0
        }
    }
}
