import GridwayCore
import GridwayJSON

/// How a fetch pages through a legacy list API, from its `pagination:` section:
///
/// ```yaml
/// pagination:
///   type: page            # page (page number), offset (record offset) or cursor
///   param: page           # the parameter carrying the page number, offset or cursor
///   start: 1              # the first page number (default 1) or offset (default 0)
///   sizeParam: pageSize   # the parameter carrying the page size (page) or limit (offset)
///   size: 50              # the page size asked for (required for offset)
///   cursor: $.data.next   # cursor: where the next cursor is in a response
///   total: $.data.total   # where the total number of records is (for stop: total)
///   stop: empty           # empty (a page without records), short (fewer than size records),
///                         # total (as many records as total), cursor (no next cursor)
///   maxPages: 20          # safety cap (default 50): stop after this many pages
///   in: query             # where the parameters go: query (default) or body (a JSON/form body)
/// ```
struct Pagination: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case page, offset, cursor
    }

    enum Stop: String, CaseIterable, Sendable {
        case empty, short, total, cursor
    }

    enum Placement: String, CaseIterable, Sendable {
        case query, body
    }

    var kind: Kind
    var param: String
    var start: Int
    var sizeParam: String?
    var size: Int?
    var cursor: DocumentPath?
    var total: DocumentPath?
    var stop: Stop
    var maxPages: Int
    var placement: Placement

    static func read(_ node: YAMLNode, _ context: ManifestContext) -> Pagination? {
        let reader = context.reader
        let keys = ["type", "param", "start", "sizeParam", "size", "cursor", "total", "stop", "maxPages", "in"]
        guard let fields = reader.mapping(node, "pagination", allowed: keys, required: ["type", "param"]),
            let kind = fields["type"].flatMap({ reader.choice($0, "pagination type", Kind.self) }),
            let param = fields["param"].flatMap({ reader.nonEmptyString($0, "pagination param") })
        else { return nil }
        var pagination = Pagination(
            kind: kind, param: param,
            start: fields["start"].flatMap { reader.integer($0, "pagination start", in: 0...1_000_000) }
                ?? (kind == .page ? 1 : 0),
            sizeParam: fields["sizeParam"].flatMap { reader.nonEmptyString($0, "pagination sizeParam") },
            size: fields["size"].flatMap { reader.integer($0, "pagination size", in: 1...100_000) },
            cursor: context.path(fields["cursor"], "pagination cursor", over: "the response body"),
            total: context.path(fields["total"], "pagination total", over: "the response body"),
            stop: fields["stop"].flatMap { reader.choice($0, "pagination stop", Stop.self) }
                ?? (kind == .cursor ? .cursor : .empty),
            maxPages: fields["maxPages"].flatMap { reader.integer($0, "pagination maxPages", in: 1...10_000) }
                ?? DeclarativeDefaults.maxPages,
            placement: fields["in"].flatMap { reader.choice($0, "pagination in", Placement.self) } ?? .query)
        if kind == .cursor, pagination.cursor == nil, fields["cursor"] == nil {
            reader.error(
                "cursor pagination needs cursor: the JSONPath of the next cursor in a response", at: node.position)
        }
        if kind == .offset, pagination.size == nil, fields["size"] == nil {
            reader.error("offset pagination needs size: how many records to ask for per page", at: node.position)
        }
        if pagination.stop == .total, pagination.total == nil, fields["total"] == nil {
            reader.error("stop: total needs total: the JSONPath of the total number of records", at: node.position)
        }
        if pagination.stop == .short, pagination.size == nil, fields["size"] == nil {
            reader.error("stop: short needs size: the page size asked for", at: node.position)
        }
        if pagination.stop == .cursor, kind != .cursor {
            reader.error("stop: cursor only applies to type: cursor", at: fields["stop"]?.position ?? node.position)
        }
        if pagination.sizeParam == nil, pagination.size != nil, kind != .cursor {
            pagination.sizeParam = kind == .offset ? "limit" : "pageSize"
        }
        return pagination
    }
}
