/// The 2020-12 vocabularies enabled for a schema resource by its meta-schema's `$vocabulary`.
struct SchemaVocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let applicator = SchemaVocabularies(rawValue: 1)
    static let unevaluated = SchemaVocabularies(rawValue: 2)
    static let validation = SchemaVocabularies(rawValue: 4)
    static let metaData = SchemaVocabularies(rawValue: 8)
    static let formatAnnotation = SchemaVocabularies(rawValue: 16)
    static let formatAssertion = SchemaVocabularies(rawValue: 32)
    static let content = SchemaVocabularies(rawValue: 64)
    /// The vocabularies of the standard 2020-12 dialect.
    static let standard: SchemaVocabularies = [
        .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content,
    ]

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The vocabulary identified by `uri`; `[]` for the core vocabulary, which is always on;
    /// `nil` when unknown.
    init?(uri: String) {
        let prefix = "https://json-schema.org/draft/2020-12/vocab/"
        guard uri.hasPrefix(prefix) else { return nil }
        switch uri.dropFirst(prefix.count) {
        case "core": self = []
        case "applicator": self = .applicator
        case "unevaluated": self = .unevaluated
        case "validation": self = .validation
        case "meta-data": self = .metaData
        case "format-annotation": self = .formatAnnotation
        case "format-assertion": self = .formatAssertion
        case "content": self = .content
        default: return nil
        }
    }

    /// The vocabulary a keyword belongs to; `nil` for core and unknown keywords.
    static func of(keyword: String) -> SchemaVocabularies? {
        switch keyword {
        case "prefixItems", "items", "contains", "additionalProperties", "properties", "patternProperties",
            "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not":
            return .applicator
        case "unevaluatedItems", "unevaluatedProperties":
            return .unevaluated
        case "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
            "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
            "maxProperties", "minProperties", "required", "dependentRequired":
            return .validation
        case "format":
            return [.formatAnnotation, .formatAssertion]
        default:
            return nil
        }
    }
}
