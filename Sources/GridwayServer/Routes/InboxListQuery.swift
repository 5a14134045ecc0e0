import GridwayCore
import Hummingbird

/// The query parameters of `GET /v1/inbox`, checked: `kind`, `unread`, `cursor` and `limit`.
struct InboxListQuery {
    var kind: ResultKind?
    var unreadOnly = false
    var cursor: String?
    var limit = 50

    init(_ parameters: Parameters) throws(Problem) {
        func invalid(_ name: String, _ message: String) -> Problem {
            Problem(
                .badRequest, "invalid-query", title: "Invalid query parameter", detail: "\(name): \(message)",
                extensions: ["parameter": .string(name)])
        }
        if let kind = parameters.get("kind") {
            guard let parsed = ResultKind(rawValue: kind) else {
                throw invalid("kind", "expected one of \(ResultKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.kind = parsed
        }
        if let unread = parameters.get("unread") {
            guard unread == "true" || unread == "false" else { throw invalid("unread", "expected true or false") }
            unreadOnly = unread == "true"
        }
        cursor = parameters.get("cursor")
        if let limit = parameters.get("limit") {
            guard let parsed = Int(limit), (1...200).contains(parsed) else {
                throw invalid("limit", "expected a whole number from 1 to 200")
            }
            self.limit = parsed
        }
    }
}
