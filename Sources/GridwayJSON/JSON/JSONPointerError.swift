/// An error thrown when a string is not a valid JSON Pointer.
public struct JSONPointerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The string that failed to parse.
    public var pointer: String
    /// Why it is invalid.
    public var reason: String

    /// A one-line description naming the pointer and the reason.
    public var description: String {
        "invalid JSON Pointer \"\(pointer)\": \(reason)"
    }
}
