/// A JSON Schema 2020-12 schema compiled once for fast, repeated validation.
///
/// Compilation resolves every `$ref`, `$dynamicRef`, `$id` and anchor, checks keyword values,
/// compiles regular expressions and flattens the schema into an immutable program, so
/// ``validate(_:)`` never re-walks or re-resolves the schema JSON. A validator is `Sendable` and
/// can be shared by concurrent requests.
///
/// ```swift
/// var registry = JSONSchemaRegistry()
/// registry.register(commonDefinitions, uri: "https://gridway.example/common.json")
/// let validator = try JSONSchemaValidator(
///     schema: contractSchema, options: JSONSchemaOptions(formatAssertion: true), registry: registry)
/// let result = validator.validate(submission)
/// if !result.valid { for error in result.errors { print(error) } }
/// ```
public struct JSONSchemaValidator: Sendable {
    private let program: SchemaProgram

    /// Compiles `schema`.
    ///
    /// - Parameters:
    ///   - schema: the schema document (an object or a boolean).
    ///   - baseURI: the URI the schema was retrieved from, used to resolve a relative `$id` and
    ///     references; when `nil` the schema's own `$id` is used, if any.
    ///   - options: whether `format` asserts; see ``JSONSchemaOptions``.
    ///   - registry: documents that references to other URIs resolve to; the 2020-12
    ///     meta-schemas are included by default.
    /// - Throws: ``JSONSchemaCompileError`` for an unresolvable reference, an invalid keyword
    ///   value or regular expression, or an unsupported required vocabulary.
    public init(
        schema: JSONValue, baseURI: String? = nil, options: JSONSchemaOptions = JSONSchemaOptions(),
        registry: JSONSchemaRegistry = JSONSchemaRegistry()
    ) throws(JSONSchemaCompileError) {
        var compiler = SchemaCompiler(registry: registry, options: options)
        program = try compiler.compile(schema, baseURI: baseURI)
    }

    /// Validates `instance`, returning every error in the 2020-12 basic output shape.
    ///
    /// A valid instance is checked in a fast mode that builds no messages; only an invalid one
    /// is evaluated again to collect all of its errors.
    public func validate(_ instance: JSONValue) -> JSONSchemaValidationResult {
        if isValid(instance) {
            return JSONSchemaValidationResult(valid: true, errors: [])
        }
        var evaluator = SchemaEvaluator(program: program, collect: true)
        let valid = evaluator.evaluateRoot(instance)
        return JSONSchemaValidationResult(valid: valid, errors: evaluator.errors)
    }

    /// Whether `instance` is valid, stopping at the first error.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = SchemaEvaluator(program: program, collect: false)
        return evaluator.evaluateRoot(instance)
    }

    /// The 2020-12 dialect meta-schema, compiled with `format` as an annotation; validating a
    /// schema against it tells whether the schema is well formed.
    public static let metaSchema: JSONSchemaValidator = {
        let uri = JSONSchemaMetaSchemas.draft202012URI
        // The embedded meta-schemas are constants covered by tests.
        return try! JSONSchemaValidator(schema: JSONSchemaMetaSchemas.documents[uri]!, baseURI: uri)
    }()
}
