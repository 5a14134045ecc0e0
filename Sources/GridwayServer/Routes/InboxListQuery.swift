import GridwayCore
import Hummingbird

/// The query parameters of `GET /v1/inbox`, checked: `kind`, `unread`, `cursor` and `limit`.
struct InboxListQuery {
    var kind: ResultKind?
    var unreadOnly = false
    var cursor: String?
    var limit = 50

    init(_ parameters: Parameters) throws(Problem) {
        if let kind = parameters.get("kind") {
            guard let parsed = ResultKind(rawValue: kind) else {
                throw .invalidQuery(
                    "kind", "expected one of \(ResultKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.kind = parsed
        }
        if let unread = parameters.get("unread") {
            guard unread == "true" || unread == "false" else { throw .invalidQuery("unread", "expected true or false") }
            unreadOnly = unread == "true"
        }
        let paging = try ListPaging(parameters)
        cursor = paging.cursor
        if let limit = paging.limit { self.limit = limit }
    }
}
