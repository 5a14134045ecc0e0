import OrderedCollections

/// A JSON document held in memory, with object members kept in document order.
///
/// Integers that fit in 64 bits are held exactly as ``integer(_:)``; every other number is a
/// ``number(_:)``. JSON equality (where `1` equals `1.0`) is ``isJSONEqual(to:)``, not `==`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)
}
