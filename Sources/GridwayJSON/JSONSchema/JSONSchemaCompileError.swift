/// An error thrown when a schema cannot be compiled: an unresolvable reference, an invalid
/// keyword value, an invalid regular expression, or a required vocabulary Gridway does not know.
public struct JSONSchemaCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is: the absolute URI of the schema location with a JSON Pointer fragment,
    /// e.g. `https://example.com/visit.json#/properties/age/minimum`.
    public var location: String
    /// What is wrong, e.g. `cannot resolve reference "#/$defs/missing"`.
    public var reason: String

    /// Creates an error for `location`.
    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    /// A one-line description: `"<location>: <reason>"`.
    public var description: String {
        "\(location): \(reason)"
    }
}
