import Foundation
import OrderedCollections

/// Compiles a schema document, and every document it references, into a ``SchemaProgram``.
///
/// Compilation first scans each document for `$id`, `$anchor` and `$dynamicAnchor` so references
/// can be resolved, then compiles reachable subschemas on demand from a work list, so recursive
/// references simply link to an index that is already allocated.
struct SchemaCompiler {
    /// The base URI used for a root schema that has neither an `$id` nor a caller-given base.
    static let anonymousBaseURI = "gridway:/anonymous-schema.json"

    /// What scanning learnt about one schema location.
    private struct ScanInfo {
        var baseURI: String
        var resource: Int
        var resourceDepth: Int
        var vocabularies: SchemaVocabularies
    }

    /// A schema location: a document and a JSON Pointer into it.
    private struct Location: Hashable {
        var document: String
        var pointer: JSONPointer

        var key: String { document + "#" + pointer.description }

        func appending(_ token: String) -> Location {
            Location(document: document, pointer: pointer.appending(token))
        }
    }

    private let registry: JSONSchemaRegistry
    private let options: JSONSchemaOptions
    private var documents: [String: JSONValue] = [:]
    private var scanned: [Location: ScanInfo] = [:]
    private var resourceLocations: [String: Location] = [:]
    private var anchors: [String: (location: Location, dynamic: Bool)] = [:]
    private var resources: [SchemaResource] = []
    private var dynamicAnchorLocations: [[String: Location]] = []
    private var resourcesWithCompiledAnchors: Set<Int> = []
    private var schemas: [CompiledSchema] = []
    private var indexes: [Location: Int] = [:]
    private var worklist: [(index: Int, location: Location)] = []
    private var regexes: [String: SchemaRegex] = [:]

    init(registry: JSONSchemaRegistry, options: JSONSchemaOptions) {
        self.registry = registry
        self.options = options
    }

    /// Compiles `schema`, whose retrieval URI is `baseURI` (if any), into a program.
    mutating func compile(_ schema: JSONValue, baseURI: String?) throws(JSONSchemaCompileError) -> SchemaProgram {
        let documentURI = baseURI.map(JSONSchemaRegistry.normalize) ?? Self.anonymousBaseURI
        try load(schema, uri: documentURI)
        let root = try index(of: Location(document: documentURI, pointer: .root))
        while let (index, location) = worklist.popLast() {
            schemas[index] = try compileSchema(at: location)
        }
        return SchemaProgram(schemas: schemas, resources: resources, root: root)
    }

    // MARK: - Scanning

    private mutating func load(_ document: JSONValue, uri: String) throws(JSONSchemaCompileError) {
        documents[uri] = document
        try scan(
            document, location: Location(document: uri, pointer: .root), baseURI: uri, resource: nil, resourceDepth: 0,
            vocabularies: .standard)
    }

    private mutating func newResource(uri: String, location: Location) -> Int {
        resources.append(SchemaResource(uri: uri, dynamicAnchors: [:]))
        dynamicAnchorLocations.append([:])
        if resourceLocations[uri] == nil {
            resourceLocations[uri] = location
        }
        return resources.count - 1
    }

    private mutating func scan(
        _ value: JSONValue, location: Location, baseURI: String, resource: Int?, resourceDepth: Int,
        vocabularies: SchemaVocabularies
    ) throws(JSONSchemaCompileError) {
        var baseURI = baseURI
        var resourceDepth = resourceDepth
        var vocabularies = vocabularies
        var owner = resource ?? newResource(uri: location.document, location: location)
        guard case .object(let members) = value else {
            scanned[location] = ScanInfo(
                baseURI: baseURI, resource: owner, resourceDepth: resourceDepth, vocabularies: vocabularies)
            return
        }
        if case .string(let id)? = members["$id"] {
            baseURI = URIReference.resolve(id, against: baseURI).withoutFragment.description
            if resource == nil {
                // A document root with an $id is one resource under its retrieval URI and its $id.
                resources[owner].uri = baseURI
                resourceLocations[baseURI] = resourceLocations[baseURI] ?? location
            } else {
                owner = newResource(uri: baseURI, location: location)
            }
            resourceDepth = location.pointer.tokens.count
        }
        if resource == nil || members["$id"] != nil, case .string(let dialect)? = members["$schema"] {
            vocabularies = try self.vocabularies(ofDialect: dialect, at: location)
        }
        if case .string(let anchor)? = members["$anchor"] {
            anchors[baseURI + "#" + anchor] = (location, false)
        }
        if case .string(let anchor)? = members["$dynamicAnchor"] {
            anchors[baseURI + "#" + anchor] = (location, true)
            dynamicAnchorLocations[owner][anchor] = location
        }
        scanned[location] = ScanInfo(
            baseURI: baseURI, resource: owner, resourceDepth: resourceDepth, vocabularies: vocabularies)
        for (keyword, child) in members {
            switch keyword {
            case "additionalProperties", "unevaluatedProperties", "items", "unevaluatedItems", "contains",
                "propertyNames", "not", "if", "then", "else", "contentSchema":
                try scan(
                    child, location: location.appending(keyword), baseURI: baseURI, resource: owner,
                    resourceDepth: resourceDepth, vocabularies: vocabularies)
            case "allOf", "anyOf", "oneOf", "prefixItems":
                guard case .array(let elements) = child else { continue }
                for (index, element) in elements.enumerated() {
                    try scan(
                        element, location: location.appending(keyword).appending(String(index)), baseURI: baseURI,
                        resource: owner, resourceDepth: resourceDepth, vocabularies: vocabularies)
                }
            case "properties", "patternProperties", "$defs", "dependentSchemas":
                guard case .object(let children) = child else { continue }
                for (name, element) in children {
                    try scan(
                        element, location: location.appending(keyword).appending(name), baseURI: baseURI,
                        resource: owner, resourceDepth: resourceDepth, vocabularies: vocabularies)
                }
            default:
                continue
            }
        }
    }

    /// The vocabularies enabled by the meta-schema `dialect`, per its `$vocabulary`.
    private mutating func vocabularies(ofDialect dialect: String, at location: Location) throws(JSONSchemaCompileError)
        -> SchemaVocabularies
    {
        let uri = JSONSchemaRegistry.normalize(dialect)
        if uri == JSONSchemaMetaSchemas.draft202012URI {
            return .standard
        }
        guard let metaSchema = documents[uri] ?? registry.document(for: uri),
            case .object(let declared)? = metaSchema["$vocabulary"]
        else {
            return .standard
        }
        var vocabularies: SchemaVocabularies = []
        for (vocabulary, required) in declared {
            if let known = SchemaVocabularies(uri: vocabulary) {
                vocabularies.formUnion(known)
            } else if required == .bool(true) {
                throw error(
                    at: location, "the meta-schema \(dialect) requires the unsupported vocabulary \(vocabulary)")
            }
        }
        return vocabularies
    }

    // MARK: - Resolution

    private func error(at location: Location, _ reason: String) -> JSONSchemaCompileError {
        JSONSchemaCompileError(location: location.key, reason: reason)
    }

    /// The scan information for `location`, deriving it from the nearest scanned ancestor for
    /// locations inside unknown keywords.
    private func info(at location: Location) -> ScanInfo {
        if let info = scanned[location] { return info }
        var ancestor = location.pointer
        while let parent = ancestor.parent {
            ancestor = parent
            if let info = scanned[Location(document: location.document, pointer: ancestor)] { return info }
        }
        return ScanInfo(baseURI: location.document, resource: 0, resourceDepth: 0, vocabularies: .standard)
    }

    /// Resolves a `$ref` or `$dynamicRef` value found at `location`.
    private mutating func resolve(_ reference: String, from location: Location) throws(JSONSchemaCompileError) -> (
        Location, dynamicAnchor: String?
    ) {
        let target = URIReference.resolve(reference, against: info(at: location).baseURI)
        let uri = target.withoutFragment.description
        let rawFragment = target.fragment ?? ""
        let fragment = rawFragment.removingPercentEncoding ?? rawFragment
        if resourceLocations[uri] == nil, documents[uri] == nil, let document = registry.document(for: uri) {
            try load(document, uri: uri)
        }
        if fragment.isEmpty {
            guard let resolved = resourceLocations[uri] else {
                throw error(
                    at: location,
                    "cannot resolve reference \(JSONValue.quoted(reference)): no schema is known as \(uri)")
            }
            return (resolved, nil)
        }
        if fragment.hasPrefix("/") {
            guard let resourceRoot = resourceLocations[uri] else {
                throw error(
                    at: location,
                    "cannot resolve reference \(JSONValue.quoted(reference)): no schema is known as \(uri)")
            }
            guard let pointer = try? JSONPointer(parsing: fragment) else {
                throw error(at: location, "invalid JSON Pointer in reference \(JSONValue.quoted(reference))")
            }
            let resolved = Location(document: resourceRoot.document, pointer: resourceRoot.pointer.appending(pointer))
            guard let document = documents[resolved.document], resolved.pointer.resolve(in: document) != nil else {
                throw error(
                    at: location,
                    "cannot resolve reference \(JSONValue.quoted(reference)): \(fragment) does not exist in \(uri)")
            }
            return (resolved, nil)
        }
        guard let anchor = anchors[uri + "#" + fragment] else {
            throw error(
                at: location,
                "cannot resolve reference \(JSONValue.quoted(reference)): no anchor \"\(fragment)\" in \(uri)")
        }
        return (anchor.location, anchor.dynamic ? fragment : nil)
    }

    /// The program index of the schema at `location`, allocating and queueing it if new.
    private mutating func index(of location: Location) throws(JSONSchemaCompileError) -> Int {
        if let index = indexes[location] { return index }
        let index = schemas.count
        let resource = info(at: location).resource
        schemas.append(
            CompiledSchema(body: .boolean(true), resource: resource, absoluteLocation: nil, needsAnnotations: false))
        indexes[location] = index
        worklist.append((index, location))
        if resourcesWithCompiledAnchors.insert(resource).inserted {
            for (anchor, anchorLocation) in dynamicAnchorLocations[resource] {
                resources[resource].dynamicAnchors[anchor] = try self.index(of: anchorLocation)
            }
        }
        return index
    }

    // MARK: - Keywords

    private mutating func compileSchema(at location: Location) throws(JSONSchemaCompileError) -> CompiledSchema {
        let info = info(at: location)
        let resourceURI = resources[info.resource].uri
        let absoluteLocation =
            resourceURI == Self.anonymousBaseURI
            ? nil
            : resourceURI + "#"
                + URIReference.fragment(
                    JSONPointer(tokens: Array(location.pointer.tokens.dropFirst(info.resourceDepth))))
        guard let value = location.pointer.resolve(in: documents[location.document]!) else {
            throw error(at: location, "no schema at this location")
        }
        switch value {
        case .bool(let bool):
            return CompiledSchema(
                body: .boolean(bool), resource: info.resource, absoluteLocation: absoluteLocation,
                needsAnnotations: false)
        case .object(let members):
            var keywords = try compileKeywords(members, at: location, vocabularies: info.vocabularies)
            // unevaluated* must see the annotations of every other keyword, so they run last.
            let unevaluated = keywords.filter {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: return true
                default: return false
                }
            }
            keywords.removeAll {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: return true
                default: return false
                }
            }
            keywords.append(contentsOf: unevaluated)
            return CompiledSchema(
                body: .keywords(keywords), resource: info.resource, absoluteLocation: absoluteLocation,
                needsAnnotations: !unevaluated.isEmpty)
        default:
            throw error(at: location, "a schema must be an object or a boolean, not \(value.typeName)")
        }
    }

    private mutating func compileKeywords(
        _ members: OrderedDictionary<String, JSONValue>, at location: Location, vocabularies: SchemaVocabularies
    ) throws(JSONSchemaCompileError) -> [SchemaKeyword] {
        var keywords: [SchemaKeyword] = []
        func enabled(_ keyword: String) -> Bool {
            guard members[keyword] != nil else { return false }
            guard let vocabulary = SchemaVocabularies.of(keyword: keyword) else { return true }
            return !vocabularies.isDisjoint(with: vocabulary)
        }

        if case .string(let reference)? = members["$ref"] {
            let (target, _) = try resolve(reference, from: location.appending("$ref"))
            keywords.append(.ref(try index(of: target)))
        } else if members["$ref"] != nil {
            throw error(at: location.appending("$ref"), "\"$ref\" must be a string")
        }
        if case .string(let reference)? = members["$dynamicRef"] {
            let (target, anchor) = try resolve(reference, from: location.appending("$dynamicRef"))
            keywords.append(.dynamicRef(initial: try index(of: target), anchor: anchor))
        } else if members["$dynamicRef"] != nil {
            throw error(at: location.appending("$dynamicRef"), "\"$dynamicRef\" must be a string")
        }

        // Validation vocabulary.
        if enabled("type") {
            var names: [String]
            switch members["type"]! {
            case .string(let name): names = [name]
            case .array(let elements):
                names = elements.compactMap(\.stringValue)
                guard names.count == elements.count else {
                    throw error(at: location.appending("type"), "\"type\" must be a string or an array of strings")
                }
            default: throw error(at: location.appending("type"), "\"type\" must be a string or an array of strings")
            }
            var set: JSONTypeSet = []
            for name in names {
                guard let type = JSONTypeSet(name: name) else {
                    throw error(at: location.appending("type"), "unknown type \(JSONValue.quoted(name))")
                }
                set.insert(type)
            }
            keywords.append(.type(set, names: names))
        }
        if enabled("enum") {
            guard case .array(let values) = members["enum"]! else {
                throw error(at: location.appending("enum"), "\"enum\" must be an array")
            }
            keywords.append(.enumeration(values))
        }
        if enabled("const") {
            keywords.append(.constant(members["const"]!))
        }
        for keyword in ["multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"]
        where enabled(keyword) {
            let limit = members[keyword]!
            guard limit.doubleValue != nil else {
                throw error(at: location.appending(keyword), "\"\(keyword)\" must be a number")
            }
            switch keyword {
            case "multipleOf":
                guard limit.doubleValue! > 0 else {
                    throw error(at: location.appending(keyword), "\"multipleOf\" must be greater than 0")
                }
                keywords.append(.multipleOf(limit))
            case "maximum": keywords.append(.maximum(limit))
            case "exclusiveMaximum": keywords.append(.exclusiveMaximum(limit))
            case "minimum": keywords.append(.minimum(limit))
            default: keywords.append(.exclusiveMinimum(limit))
            }
        }
        func count(_ keyword: String) throws(JSONSchemaCompileError) -> Int? {
            guard enabled(keyword) else { return nil }
            guard let count = members[keyword]!.intValue, count >= 0 else {
                throw error(at: location.appending(keyword), "\"\(keyword)\" must be a non-negative integer")
            }
            return count
        }
        if let limit = try count("maxLength") { keywords.append(.maxLength(limit)) }
        if let limit = try count("minLength") { keywords.append(.minLength(limit)) }
        if enabled("pattern") {
            guard case .string(let source) = members["pattern"]! else {
                throw error(at: location.appending("pattern"), "\"pattern\" must be a string")
            }
            keywords.append(.pattern(try regex(source, at: location.appending("pattern"))))
        }
        if enabled("format"), case .string(let name) = members["format"]!,
            options.formatAssertion || vocabularies.contains(.formatAssertion),
            let format = StringFormat(rawValue: name)
        {
            keywords.append(.format(format))
        }
        if let limit = try count("maxItems") { keywords.append(.maxItems(limit)) }
        if let limit = try count("minItems") { keywords.append(.minItems(limit)) }
        if enabled("uniqueItems") {
            guard case .bool(let unique) = members["uniqueItems"]! else {
                throw error(at: location.appending("uniqueItems"), "\"uniqueItems\" must be a boolean")
            }
            if unique { keywords.append(.uniqueItems) }
        }
        if let limit = try count("maxProperties") { keywords.append(.maxProperties(limit)) }
        if let limit = try count("minProperties") { keywords.append(.minProperties(limit)) }
        if enabled("required") {
            keywords.append(.required(try stringArray(members["required"]!, at: location.appending("required"))))
        }
        if enabled("dependentRequired") {
            guard case .object(let dependencies) = members["dependentRequired"]! else {
                throw error(at: location.appending("dependentRequired"), "\"dependentRequired\" must be an object")
            }
            var compiled: [(property: String, required: [String])] = []
            for (property, required) in dependencies {
                compiled.append(
                    (
                        property,
                        try stringArray(required, at: location.appending("dependentRequired").appending(property))
                    ))
            }
            keywords.append(.dependentRequired(compiled))
        }

        // Applicator vocabulary.
        func subschema(_ tokens: String...) throws(JSONSchemaCompileError) -> Int {
            var target = location
            for token in tokens { target = target.appending(token) }
            return try index(of: target)
        }
        func schemaArray(_ keyword: String) throws(JSONSchemaCompileError) -> [Int]? {
            guard enabled(keyword) else { return nil }
            guard case .array(let elements) = members[keyword]!, !elements.isEmpty || keyword == "prefixItems" else {
                throw error(at: location.appending(keyword), "\"\(keyword)\" must be a non-empty array of schemas")
            }
            var indexes: [Int] = []
            for offset in elements.indices {
                indexes.append(try subschema(keyword, String(offset)))
            }
            return indexes
        }
        func schemaMap(_ keyword: String) throws(JSONSchemaCompileError) -> [(String, Int)]? {
            guard enabled(keyword) else { return nil }
            guard case .object(let children) = members[keyword]! else {
                throw error(at: location.appending(keyword), "\"\(keyword)\" must be an object of schemas")
            }
            var compiled: [(String, Int)] = []
            for name in children.keys {
                compiled.append((name, try subschema(keyword, name)))
            }
            return compiled
        }
        if let schemas = try schemaArray("allOf") { keywords.append(.allOf(schemas)) }
        if let schemas = try schemaArray("anyOf") { keywords.append(.anyOf(schemas)) }
        if let schemas = try schemaArray("oneOf") { keywords.append(.oneOf(schemas)) }
        if enabled("not") { keywords.append(.not(try subschema("not"))) }
        if enabled("if") {
            keywords.append(
                .conditional(
                    if: try subschema("if"),
                    then: enabled("then") ? try subschema("then") : nil,
                    else: enabled("else") ? try subschema("else") : nil
                ))
        }
        if let schemas = try schemaMap("dependentSchemas") {
            keywords.append(.dependentSchemas(schemas.map { (property: $0.0, schema: $0.1) }))
        }
        let prefixItems = try schemaArray("prefixItems")
        if let prefixItems { keywords.append(.prefixItems(prefixItems)) }
        if enabled("items") { keywords.append(.items(try subschema("items"), prefixCount: prefixItems?.count ?? 0)) }
        if enabled("contains") {
            let minimum = try count("minContains")
            let maximum = try count("maxContains")
            keywords.append(.contains(try subschema("contains"), min: minimum, max: maximum))
        }
        let properties = try schemaMap("properties")
        if let properties { keywords.append(.properties(properties.map { (name: $0.0, schema: $0.1) })) }
        var patterns: [SchemaRegex] = []
        if let patternProperties = try schemaMap("patternProperties") {
            var compiled: [(regex: SchemaRegex, schema: Int)] = []
            for (source, schema) in patternProperties {
                let regex = try regex(source, at: location.appending("patternProperties").appending(source))
                patterns.append(regex)
                compiled.append((regex, schema))
            }
            keywords.append(.patternProperties(compiled))
        }
        if enabled("additionalProperties") {
            keywords.append(
                .additionalProperties(
                    try subschema("additionalProperties"), known: Set((properties ?? []).map(\.0)), patterns: patterns
                ))
        }
        if enabled("propertyNames") { keywords.append(.propertyNames(try subschema("propertyNames"))) }

        // Unevaluated vocabulary.
        if enabled("unevaluatedItems") { keywords.append(.unevaluatedItems(try subschema("unevaluatedItems"))) }
        if enabled("unevaluatedProperties") {
            keywords.append(.unevaluatedProperties(try subschema("unevaluatedProperties")))
        }
        return keywords
    }

    private mutating func regex(_ source: String, at location: Location) throws(JSONSchemaCompileError) -> SchemaRegex {
        if let cached = regexes[source] { return cached }
        guard let regex = SchemaRegex(source) else {
            throw error(at: location, "invalid regular expression \(JSONValue.quoted(source))")
        }
        regexes[source] = regex
        return regex
    }

    private func stringArray(_ value: JSONValue, at location: Location) throws(JSONSchemaCompileError) -> [String] {
        guard case .array(let elements) = value else {
            throw error(at: location, "must be an array of strings")
        }
        let strings = elements.compactMap(\.stringValue)
        guard strings.count == elements.count else {
            throw error(at: location, "must be an array of strings")
        }
        return strings
    }
}
