/// Options that change how a ``JSONSchemaValidator`` compiles and evaluates a schema.
public struct JSONSchemaOptions: Sendable, Hashable {
    /// Whether `format` is an assertion (a value in the wrong format is invalid) rather than the
    /// 2020-12 default of an annotation. Formats Gridway does not know always pass.
    public var formatAssertion: Bool

    /// Creates options; by default `format` only annotates.
    public init(formatAssertion: Bool = false) {
        self.formatAssertion = formatAssertion
    }
}
