import GridwayCore
import Hummingbird

/// The paging parameters every list endpoint shares, checked alike: `cursor`, the `nextCursor` of a
/// previous page, and `limit`, 1 to 200 items; 400 problem+json naming the parameter otherwise.
struct ListPaging {
    /// Where to read on from, or `nil` for the first page.
    let cursor: String?
    /// The most items of the page, or `nil` for the endpoint's default.
    let limit: Int?

    /// Reads the parameters; `isCursor` tells the endpoint's cursors (ids of items, by default) apart.
    init(_ parameters: Parameters, isCursor: (String) -> Bool = { TimeOrderedID.isWellFormed($0) }) throws(Problem) {
        cursor = parameters.get("cursor")
        if let cursor, !isCursor(cursor) {
            throw .invalidQuery("cursor", "expected the nextCursor of a previous page, got \"\(cursor.prefix(64))\"")
        }
        guard let text = parameters.get("limit") else {
            limit = nil
            return
        }
        guard let parsed = Int(text), (1...200).contains(parsed) else {
            throw .invalidQuery("limit", "expected a whole number from 1 to 200")
        }
        limit = parsed
    }
}
