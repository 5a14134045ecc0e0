import GridwayCore
import GridwayJSON
import Hummingbird

/// A legacy grassroots app (社区综合信息平台) with pinyin-abbreviated fields and paged results.
///
/// It holds datasets by name — `jmxx` (居民信息, residents) and `zfjl` (走访记录, elderly visits) by
/// default, see ``sampleResidents`` and ``sampleVisits`` — and serves each in three paging styles,
/// filtered by any other query parameter equal to a record member (e.g. `sqdm=210102001001`):
/// - `GET /api/<dataset>/page?page=1&pageSize=20` (pages from 1):
///   `{"code": "0000", "msg": "成功", "data": {"total", "page", "pageSize", "rows": [...]}}`;
/// - `GET /api/<dataset>/offset?offset=0&limit=20`: `{"code": "0000", "total", "list": [...]}`;
/// - `GET /api/<dataset>/cursor?cursor=&limit=20`: `{"code": "0000", "items": [...], "nextCursor": "…"|null}`.
///
/// Page sizes above ``maximumPageSize`` are cut to it, as legacy apps do under load; malformed paging
/// parameters get `400` with `{"code": "9001", "msg": "参数错误: …"}`, an unknown dataset `404`, and
/// when ``appKey`` is set, a request without that `X-App-Key` gets `401` with `{"code": "4001"}`.
/// Results pushed down land on its notice board (see ``addNoticeBoardRoute(to:)``).
public struct GrassrootsApp: StandIn {
    public let control = StandInControl()
    /// The records of each dataset, in the order served.
    public let datasets: [String: [JSONValue]]
    /// The largest page served.
    public let maximumPageSize: Int
    /// The `X-App-Key` every request must carry, if any.
    public let appKey: String?

    /// Creates the app with its datasets, page size cap and app key.
    public init(
        datasets: [String: [JSONValue]] = ["jmxx": GrassrootsApp.sampleResidents, "zfjl": GrassrootsApp.sampleVisits],
        maximumPageSize: Int = 50, appKey: String? = nil
    ) {
        self.datasets = datasets
        self.maximumPageSize = maximumPageSize
        self.appKey = appKey
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        addNoticeBoardRoute(to: router)
        let paging: Set<String> = ["page", "pageSize", "offset", "limit", "cursor"]
        router.get("api/{dataset}/{style}") { request, context in
            if let appKey, request.headers[.init("X-App-Key")!] != appKey {
                return Response.jsonValue(["code": "4001", "msg": "appKey 无效"], status: .unauthorized)
            }
            let name = try context.parameters.require("dataset")
            guard let dataset = datasets[name] else {
                return Response.jsonValue(["code": "4004", "msg": .string("没有数据集 \(name)")], status: .notFound)
            }
            let parameters = request.queryObject()
            let rows = dataset.filter { $0.matches(request.queryObject(excluding: paging)) }
            func number(_ name: String, default value: Int, minimum: Int) throws(PagingError) -> Int {
                guard let text = parameters[name]?.stringValue else { return value }
                guard let parsed = Int(text), parsed >= minimum else { throw PagingError(parameter: name, value: text) }
                return parsed
            }
            do {
                switch try context.parameters.require("style") {
                case "page":
                    let page = try number("page", default: 1, minimum: 1)
                    let size = min(try number("pageSize", default: 20, minimum: 1), maximumPageSize)
                    return Response.jsonValue([
                        "code": "0000", "msg": "成功",
                        "data": [
                            "total": .integer(Int64(rows.count)), "page": .integer(Int64(page)),
                            "pageSize": .integer(Int64(size)),
                            "rows": .array(slice(rows, from: (page - 1) * size, count: size)),
                        ],
                    ])
                case "offset":
                    let offset = try number("offset", default: 0, minimum: 0)
                    let limit = min(try number("limit", default: 20, minimum: 1), maximumPageSize)
                    return Response.jsonValue([
                        "code": "0000", "total": .integer(Int64(rows.count)),
                        "list": .array(slice(rows, from: offset, count: limit)),
                    ])
                case "cursor":
                    let cursor = parameters["cursor"]?.stringValue ?? ""
                    guard cursor.isEmpty || (cursor.hasPrefix("c") && Int(cursor.dropFirst()) != nil) else {
                        throw PagingError(parameter: "cursor", value: cursor)
                    }
                    let start = Int(cursor.dropFirst()) ?? 0
                    let limit = min(try number("limit", default: 20, minimum: 1), maximumPageSize)
                    let next = start + limit < rows.count ? JSONValue.string("c\(start + limit)") : .null
                    return Response.jsonValue([
                        "code": "0000", "items": .array(slice(rows, from: start, count: limit)), "nextCursor": next,
                    ])
                case let style:
                    return Response.jsonValue(["code": "4004", "msg": .string("没有分页方式 \(style)")], status: .notFound)
                }
            } catch let error as PagingError {
                return Response.jsonValue(
                    ["code": "9001", "msg": .string("参数错误: \(error.parameter)=\(error.value)")], status: .badRequest)
            }
        }
    }

    private func slice(_ rows: [JSONValue], from start: Int, count: Int) -> [JSONValue] {
        guard start < rows.count else { return [] }
        return Array(rows[start..<min(start + count, rows.count)])
    }

    private struct PagingError: Error {
        var parameter: String
        var value: String
    }
}
