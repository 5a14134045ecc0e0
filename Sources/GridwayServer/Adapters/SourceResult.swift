import GridwayAdapters
import GridwayCore
import GridwayJSON
import OrderedCollections

/// What one fetch adapter answered to a unified query or a prefill.
struct SourceResult: Sendable {
    /// How the source did.
    enum Status: String, Sendable {
        /// It answered; its records are in.
        case ok
        /// It did not answer within the per-source timeout (or its transport timed out).
        case timeout
        /// It failed: no connection, an unreadable answer, a mapping error.
        case error
        /// It was not asked, because a filter names a field its grant does not allow.
        case skipped
    }

    /// The adapter's id.
    var adapter: String
    /// How it did.
    var status: Status
    /// Its records in the asked unit's subtree that match every filter, projected to its grant.
    var records: [JSONValue]
    /// How many records it returned outside the asked unit's subtree (or with no readable unit), left
    /// out; `nil` when the adapter does not say where its records' unit is, or they have none.
    var dropped: Int? = nil
    /// Why it failed or was skipped.
    var error: String?
    /// How long it took.
    var elapsed: Duration

    /// `{"adapter", "status", "records": n, "dropped"?: n, "error"?, "ms"}`.
    var summary: JSONValue {
        var members: OrderedDictionary<String, JSONValue> = [
            "adapter": .string(adapter), "status": .string(status.rawValue), "records": .integer(Int64(records.count)),
        ]
        if let dropped { members["dropped"] = .integer(Int64(dropped)) }
        if let error { members["error"] = .string(error) }
        let (seconds, attoseconds) = elapsed.components
        members["ms"] = .integer(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        return .object(members)
    }
}
