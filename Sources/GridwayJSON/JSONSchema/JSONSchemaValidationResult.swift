/// The outcome of validating an instance, shaped as the JSON Schema 2020-12 *basic* output:
/// `{"valid": false, "errors": [...]}`.
public struct JSONSchemaValidationResult: Sendable, Hashable, Codable {
    /// Whether the instance is valid against the schema.
    public var valid: Bool
    /// Every error found, in evaluation order; empty when ``valid`` is `true`.
    public var errors: [JSONSchemaValidationError]

    /// Creates a result.
    public init(valid: Bool, errors: [JSONSchemaValidationError]) {
        self.valid = valid
        self.errors = errors
    }
}
