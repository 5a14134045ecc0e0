import Foundation

/// A compiled schema: every reachable subschema, flattened into an array and linked by index.
struct SchemaProgram: Sendable {
    var schemas: [CompiledSchema]
    var resources: [SchemaResource]
    var root: Int
}

/// A schema resource (a document root or a subschema with `$id`), for `$dynamicRef` lookups.
struct SchemaResource: Sendable {
    var uri: String
    /// The schemas carrying each `$dynamicAnchor` of the resource, by anchor name.
    var dynamicAnchors: [String: Int]
}

/// One compiled subschema.
struct CompiledSchema: Sendable {
    enum Body: Sendable {
        case boolean(Bool)
        case keywords([SchemaKeyword])
    }

    var body: Body
    /// The index of the enclosing ``SchemaResource``.
    var resource: Int
    /// The absolute URI of this subschema with a JSON Pointer fragment; `nil` when anonymous.
    var absoluteLocation: String?
    /// Whether the schema has `unevaluatedProperties` or `unevaluatedItems`, so its
    /// applicators must collect annotations.
    var needsAnnotations: Bool
}

/// The JSON Schema primitive types as a bit set.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The type named `name`, or `nil` if it is not a JSON Schema type name.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    /// Whether `value` has one of the types; integral numbers count as `integer`.
    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .integer: return contains(.integer) || contains(.number)
        case .number(let double):
            return contains(.number) || (contains(.integer) && double.rounded(.towardZero) == double)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }
}

/// A compiled `pattern` or `patternProperties` regular expression.
struct SchemaRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    let source: String
    let expression: NSRegularExpression

    /// Compiles `source`, returning `nil` if it is not a valid ECMAScript regular expression
    /// that ICU can run.
    init?(_ source: String) {
        guard let translated = SchemaRegex.translate(source),
            let expression = try? NSRegularExpression(pattern: translated)
        else { return nil }
        self.source = source
        self.expression = expression
    }

    /// Whether the expression matches anywhere in `string` (ECMAScript `RegExp.test`).
    func matches(_ string: String) -> Bool {
        expression.firstMatch(in: string, range: NSRange(location: 0, length: string.utf16.count)) != nil
    }

    /// Rewrites ECMAScript syntax into its ICU equivalent, or returns `nil` for syntax ICU
    /// accepts but ECMAScript does not (inline flags and comments, `\a`).
    ///
    /// `\d` and `\w` are ASCII-only in ECMAScript but Unicode-aware in ICU; ECMAScript's `\s`
    /// also matches U+FEFF; `[]` never matches and `[^]` matches any character.
    static func translate(_ source: String) -> String? {
        let characters = Array(source)
        var result = ""
        var inClass = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "\\", let next {
                switch next {
                case "d": result += inClass ? "0-9" : "[0-9]"
                case "D": result += inClass ? "\\D" : "[^0-9]"
                case "w": result += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": result += inClass ? "\\W" : "[^a-zA-Z0-9_]"
                case "s": result += inClass ? "\\s\\uFEFF" : "[\\s\\uFEFF]"
                case "S": result += inClass ? "\\S" : "[^\\s\\uFEFF]"
                case "a": return nil
                default:
                    result.append("\\")
                    result.append(next)
                }
                index += 2
                continue
            }
            if !inClass && character == "(" && next == "?" {
                let kind: Character? = index + 2 < characters.count ? characters[index + 2] : nil
                guard let kind, ":=!<".contains(kind) else { return nil }
            }
            if !inClass && character == "[" {
                if next == "]" {
                    result += "(?!)"
                    index += 2
                    continue
                }
                if next == "^", index + 2 < characters.count, characters[index + 2] == "]" {
                    result += "[\\s\\S]"
                    index += 3
                    continue
                }
                inClass = true
            } else if inClass && character == "]" {
                inClass = false
            }
            result.append(character)
            index += 1
        }
        return result
    }
}

/// One compiled keyword (or group of cooperating keywords) of a schema object.
enum SchemaKeyword: Sendable {
    case ref(Int)
    case dynamicRef(initial: Int, anchor: String?)
    case type(JSONTypeSet, names: [String])
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONValue)
    case maximum(JSONValue)
    case exclusiveMaximum(JSONValue)
    case minimum(JSONValue)
    case exclusiveMinimum(JSONValue)
    case maxLength(Int)
    case minLength(Int)
    case pattern(SchemaRegex)
    case format(StringFormat)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(Int, min: Int?, max: Int?)
    case prefixItems([Int])
    case items(Int, prefixCount: Int)
    case unevaluatedItems(Int)
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(property: String, required: [String])])
    case properties([(name: String, schema: Int)])
    case patternProperties([(regex: SchemaRegex, schema: Int)])
    case additionalProperties(Int, known: Set<String>, patterns: [SchemaRegex])
    case propertyNames(Int)
    case dependentSchemas([(property: String, schema: Int)])
    case unevaluatedProperties(Int)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
}
