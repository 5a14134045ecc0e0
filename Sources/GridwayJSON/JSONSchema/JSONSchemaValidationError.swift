/// One error of a failed validation, an output unit of the JSON Schema 2020-12 *basic* format.
///
/// Encoded with `Codable` it has the spec's member names: `keywordLocation`,
/// `absoluteKeywordLocation` (omitted when unknown), `instanceLocation` and `error`.
public struct JSONSchemaValidationError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path through the schema to the failing keyword, following `$ref` hops, e.g.
    /// `/properties/age/$ref/maximum`.
    public var keywordLocation: JSONPointer
    /// The absolute URI of the failing keyword in its schema resource, e.g.
    /// `https://example.com/defs.json#/$defs/age/maximum`; `nil` when the schema has no URI.
    public var absoluteKeywordLocation: String?
    /// The location of the failing value in the instance, e.g. `/visits/0/age`.
    public var instanceLocation: JSONPointer
    /// A human-readable explanation, e.g. `value 130 is greater than the maximum 120`.
    public var message: String

    /// Creates an error.
    public init(
        keywordLocation: JSONPointer, absoluteKeywordLocation: String?, instanceLocation: JSONPointer, message: String
    ) {
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.instanceLocation = instanceLocation
        self.message = message
    }

    /// `"<instanceLocation>: <message> (at <keywordLocation>)"`, with `/` for the root.
    public var description: String {
        let instance = instanceLocation.isRoot ? "/" : instanceLocation.description
        let keyword = keywordLocation.isRoot ? "/" : keywordLocation.description
        return "\(instance): \(message) (at \(keyword))"
    }

    private enum CodingKeys: String, CodingKey {
        case keywordLocation, absoluteKeywordLocation, instanceLocation
        case message = "error"
    }
}
