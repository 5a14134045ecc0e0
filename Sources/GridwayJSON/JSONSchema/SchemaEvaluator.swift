import OrderedCollections

/// The annotations `unevaluatedProperties` and `unevaluatedItems` depend on: which members and
/// items of the current instance successful subschemas have evaluated.
struct EvaluatedLocations {
    var allProperties = false
    var properties: Set<String> = []
    var allItems = false
    var itemPrefix = 0
    var items: Set<Int> = []

    mutating func formUnion(_ other: EvaluatedLocations) {
        allProperties = allProperties || other.allProperties
        properties.formUnion(other.properties)
        allItems = allItems || other.allItems
        itemPrefix = max(itemPrefix, other.itemPrefix)
        items.formUnion(other.items)
    }

    func containsProperty(_ name: String) -> Bool {
        allProperties || properties.contains(name)
    }

    func containsItem(_ index: Int) -> Bool {
        allItems || index < itemPrefix || items.contains(index)
    }
}

/// Evaluates instances against a ``SchemaProgram``.
///
/// In the fast mode (`collect == false`) evaluation stops at the first failure and builds no
/// messages. In the collecting mode every error is recorded with its locations; branches of
/// `anyOf`, `oneOf`, `not`, `if` and `contains` are first tried in the fast mode and only
/// re-evaluated for their errors when those errors end up in the output.
struct SchemaEvaluator {
    /// Recursion past this many nested subschemas is reported as an error instead of
    /// overflowing the stack (a schema that references itself without consuming the instance).
    static let maxDepth = 1_000

    private enum InstanceToken {
        case key(String)
        case index(Int)
    }

    let program: SchemaProgram
    private(set) var errors: [JSONSchemaValidationError] = []
    private var collect: Bool
    private var keywordPath: [String] = []
    private var instancePath: [InstanceToken] = []
    private var dynamicScope: [Int] = []
    private var depth = 0

    init(program: SchemaProgram, collect: Bool) {
        self.program = program
        self.collect = collect
    }

    /// Evaluates the program's root schema against `instance`.
    mutating func evaluateRoot(_ instance: JSONValue) -> Bool {
        var ignored = EvaluatedLocations()
        return evaluate(program.root, instance, track: false, into: &ignored)
    }

    // MARK: - Reporting

    private mutating func report(_ schema: CompiledSchema, _ tokens: [String], _ message: @autoclosure () -> String) {
        guard collect else { return }
        var keywordLocation = JSONPointer(tokens: keywordPath)
        for token in tokens { keywordLocation.append(token) }
        let absolute = schema.absoluteLocation.map { location in
            location + URIReference.fragment(JSONPointer(tokens: tokens))
        }
        let instance = JSONPointer(
            tokens: instancePath.map {
                switch $0 {
                case .key(let key): return key
                case .index(let index): return String(index)
                }
            })
        errors.append(
            JSONSchemaValidationError(
                keywordLocation: keywordLocation, absoluteKeywordLocation: absolute, instanceLocation: instance,
                message: message()
            ))
    }

    /// Evaluates a subschema reached through keyword path `tokens`, against a child instance
    /// reached through `instanceToken` (or the same instance when `nil`).
    private mutating func descend(
        _ tokens: [String], _ index: Int, _ instance: JSONValue, _ instanceToken: InstanceToken? = nil,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        if collect {
            keywordPath.append(contentsOf: tokens)
            if let instanceToken { instancePath.append(instanceToken) }
        }
        let valid = evaluate(index, instance, track: track, into: &evaluated)
        if collect {
            keywordPath.removeLast(tokens.count)
            if instanceToken != nil { instancePath.removeLast() }
        }
        return valid
    }

    /// Evaluates a subschema applied to a child instance, whose annotations do not matter here.
    private mutating func descend(
        _ tokens: [String], _ index: Int, _ instance: JSONValue, _ instanceToken: InstanceToken?
    ) -> Bool {
        var ignored = EvaluatedLocations()
        return descend(tokens, index, instance, instanceToken, track: false, into: &ignored)
    }

    /// Evaluates a subschema in the fast mode, whatever the current mode.
    private mutating func check(
        _ index: Int, _ instance: JSONValue, track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        let saved = collect
        collect = false
        defer { collect = saved }
        return evaluate(index, instance, track: track, into: &evaluated)
    }

    private mutating func check(_ index: Int, _ instance: JSONValue) -> Bool {
        var ignored = EvaluatedLocations()
        return check(index, instance, track: false, into: &ignored)
    }

    // MARK: - Evaluation

    /// Evaluates schema `index` against `instance`; when `track` is set and the schema is
    /// valid, adds the locations it evaluated to `evaluated`.
    mutating func evaluate(_ index: Int, _ instance: JSONValue, track: Bool, into evaluated: inout EvaluatedLocations)
        -> Bool
    {
        let schema = program.schemas[index]
        let keywords: [SchemaKeyword]
        switch schema.body {
        case .boolean(true):
            return true
        case .boolean(false):
            report(schema, [], "no value is allowed here (the schema is false)")
            return false
        case .keywords(let list):
            keywords = list
        }
        if depth >= Self.maxDepth {
            report(schema, [], "schema recursion deeper than \(Self.maxDepth) levels")
            return false
        }
        depth += 1
        let enteredResource = dynamicScope.last != schema.resource
        if enteredResource { dynamicScope.append(schema.resource) }
        defer {
            depth -= 1
            if enteredResource { dynamicScope.removeLast() }
        }
        let trackHere = track || schema.needsAnnotations
        var local = EvaluatedLocations()
        var valid = true
        for keyword in keywords {
            if !apply(keyword, schema, instance, track: trackHere, into: &local) {
                valid = false
                if !collect { return false }
            }
        }
        if valid && track { evaluated.formUnion(local) }
        return valid
    }

    /// Applies one keyword. Each applicator lives in its own method so that the stack frames on
    /// the recursion path stay small.
    private mutating func apply(
        _ keyword: SchemaKeyword, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        switch keyword {
        case .ref(let target):
            return applyRef(target, schema, instance, track: track, into: &evaluated)
        case .dynamicRef(let initial, let anchor):
            return applyDynamicRef(initial, anchor, schema, instance, track: track, into: &evaluated)
        case .contains(let subschema, let minimum, let maximum):
            return applyContains(subschema, minimum, maximum, schema, instance, track: track, into: &evaluated)
        case .prefixItems(let subschemas):
            return applyPrefixItems(subschemas, schema, instance, track: track, into: &evaluated)
        case .items(let subschema, let prefixCount):
            return applyItems(subschema, prefixCount, schema, instance, track: track, into: &evaluated)
        case .unevaluatedItems(let subschema):
            return applyUnevaluatedItems(subschema, schema, instance, track: track, into: &evaluated)
        case .properties(let properties):
            return applyProperties(properties, schema, instance, track: track, into: &evaluated)
        case .patternProperties(let patterns):
            return applyPatternProperties(patterns, schema, instance, track: track, into: &evaluated)
        case .additionalProperties(let subschema, let known, let patterns):
            return applyAdditionalProperties(
                subschema, known, patterns, schema, instance, track: track, into: &evaluated)
        case .propertyNames(let subschema):
            return applyPropertyNames(subschema, schema, instance, track: track, into: &evaluated)
        case .dependentSchemas(let dependencies):
            return applyDependentSchemas(dependencies, schema, instance, track: track, into: &evaluated)
        case .unevaluatedProperties(let subschema):
            return applyUnevaluatedProperties(subschema, schema, instance, track: track, into: &evaluated)
        case .allOf(let subschemas):
            return applyAllOf(subschemas, schema, instance, track: track, into: &evaluated)
        case .anyOf(let subschemas):
            return applyAnyOf(subschemas, schema, instance, track: track, into: &evaluated)
        case .oneOf(let subschemas):
            return applyOneOf(subschemas, schema, instance, track: track, into: &evaluated)
        case .not(let subschema):
            return applyNot(subschema, schema, instance, track: track, into: &evaluated)
        case .conditional(let condition, let then, let otherwise):
            return applyConditional(condition, then, otherwise, schema, instance, track: track, into: &evaluated)
        default:
            return applyAssertion(keyword, schema, instance)
        }
    }

    /// Applies a keyword that asserts on the instance itself without evaluating subschemas.
    private mutating func applyAssertion(_ keyword: SchemaKeyword, _ schema: CompiledSchema, _ instance: JSONValue)
        -> Bool
    {
        switch keyword {
        case .type(let types, let names):
            guard types.matches(instance) else {
                let expected = names.count == 1 ? names[0] : "one of " + names.joined(separator: ", ")
                report(
                    schema, ["type"],
                    "value \(Self.preview(instance)) is of type \(instance.typeName), expected \(expected)")
                return false
            }
            return true

        case .enumeration(let values):
            guard values.contains(where: { $0.isJSONEqual(to: instance) }) else {
                report(
                    schema, ["enum"],
                    "value \(Self.preview(instance)) is not one of the allowed values \(Self.preview(.array(values), limit: 120))"
                )
                return false
            }
            return true

        case .constant(let value):
            guard value.isJSONEqual(to: instance) else {
                report(
                    schema, ["const"],
                    "value \(Self.preview(instance)) is not the required constant \(Self.preview(value))")
                return false
            }
            return true

        case .multipleOf(let divisor):
            guard instance.isNumber else { return true }
            guard SchemaNumbers.isMultiple(instance, of: divisor) else {
                report(schema, ["multipleOf"], "value \(instance) is not a multiple of \(divisor)")
                return false
            }
            return true

        case .maximum(let limit):
            guard instance.isNumber, SchemaNumbers.compare(instance, limit) > 0 else { return true }
            report(schema, ["maximum"], "value \(instance) is greater than the maximum \(limit)")
            return false

        case .exclusiveMaximum(let limit):
            guard instance.isNumber, SchemaNumbers.compare(instance, limit) >= 0 else { return true }
            report(schema, ["exclusiveMaximum"], "value \(instance) is not less than the exclusive maximum \(limit)")
            return false

        case .minimum(let limit):
            guard instance.isNumber, SchemaNumbers.compare(instance, limit) < 0 else { return true }
            report(schema, ["minimum"], "value \(instance) is less than the minimum \(limit)")
            return false

        case .exclusiveMinimum(let limit):
            guard instance.isNumber, SchemaNumbers.compare(instance, limit) <= 0 else { return true }
            report(schema, ["exclusiveMinimum"], "value \(instance) is not greater than the exclusive minimum \(limit)")
            return false

        case .maxLength(let limit):
            guard case .string(let string) = instance else { return true }
            let length = string.unicodeScalars.count
            guard length <= limit else {
                report(
                    schema, ["maxLength"],
                    "string is \(Self.plural(length, "character")) long, longer than the maximum length \(limit)")
                return false
            }
            return true

        case .minLength(let limit):
            guard case .string(let string) = instance else { return true }
            let length = string.unicodeScalars.count
            guard length >= limit else {
                report(
                    schema, ["minLength"],
                    "string is \(Self.plural(length, "character")) long, shorter than the minimum length \(limit)")
                return false
            }
            return true

        case .pattern(let regex):
            guard case .string(let string) = instance, !regex.matches(string) else { return true }
            report(
                schema, ["pattern"],
                "string \(Self.preview(instance)) does not match the pattern \(JSONValue.quoted(regex.source))")
            return false

        case .format(let format):
            guard case .string(let string) = instance, !format.isValid(string) else { return true }
            report(schema, ["format"], "string \(Self.preview(instance)) is not a valid \(format.rawValue)")
            return false

        case .maxItems(let limit):
            guard case .array(let elements) = instance, elements.count > limit else { return true }
            report(
                schema, ["maxItems"], "array has \(Self.plural(elements.count, "item")), more than the maximum \(limit)"
            )
            return false

        case .minItems(let limit):
            guard case .array(let elements) = instance, elements.count < limit else { return true }
            report(
                schema, ["minItems"],
                "array has \(Self.plural(elements.count, "item")), fewer than the minimum \(limit)")
            return false

        case .uniqueItems:
            guard case .array(let elements) = instance, let (first, second) = SchemaNumbers.firstDuplicate(in: elements)
            else { return true }
            report(schema, ["uniqueItems"], "array items \(first) and \(second) are equal, but items must be unique")
            return false

        case .maxProperties(let limit):
            guard case .object(let members) = instance, members.count > limit else { return true }
            report(
                schema, ["maxProperties"],
                "object has \(Self.plural(members.count, "property", "properties")), more than the maximum \(limit)")
            return false

        case .minProperties(let limit):
            guard case .object(let members) = instance, members.count < limit else { return true }
            report(
                schema, ["minProperties"],
                "object has \(Self.plural(members.count, "property", "properties")), fewer than the minimum \(limit)")
            return false

        case .required(let names):
            guard case .object(let members) = instance else { return true }
            var valid = true
            for name in names where members[name] == nil {
                valid = false
                guard collect else { return false }
                report(schema, ["required"], "required property \(JSONValue.quoted(name)) is missing")
            }
            return valid

        case .dependentRequired(let dependencies):
            guard case .object(let members) = instance else { return true }
            var valid = true
            for (property, required) in dependencies where members[property] != nil {
                for name in required where members[name] == nil {
                    valid = false
                    guard collect else { return false }
                    report(
                        schema, ["dependentRequired", property],
                        "property \(JSONValue.quoted(name)) is required when \(JSONValue.quoted(property)) is present")
                }
            }
            return valid
        default:
            return true
        }
    }

    private mutating func applyRef(
        _ target: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        return descend(["$ref"], target, instance, track: track, into: &evaluated)
    }

    private mutating func applyDynamicRef(
        _ initial: Int, _ anchor: String?, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        var target = initial
        if let anchor {
            for resource in dynamicScope {
                if let dynamic = program.resources[resource].dynamicAnchors[anchor] {
                    target = dynamic
                    break
                }
            }
        }
        return descend(["$dynamicRef"], target, instance, track: track, into: &evaluated)
    }

    private mutating func applyContains(
        _ subschema: Int, _ minimum: Int?, _ maximum: Int?, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var matches = 0
        for (offset, element) in elements.enumerated() where check(subschema, element) {
            matches += 1
            if track { evaluated.items.insert(offset) }
        }
        let least = minimum ?? 1
        if matches < least {
            if minimum == nil {
                report(schema, ["contains"], "array does not contain an item matching the \"contains\" schema")
                if collect {
                    for (offset, element) in elements.enumerated() {
                        _ = descend(["contains"], subschema, element, .index(offset))
                    }
                }
            } else {
                report(
                    schema, ["minContains"],
                    "array contains \(Self.plural(matches, "item")) matching the \"contains\" schema, fewer than the minimum \(least)"
                )
            }
            return false
        }
        if let maximum, matches > maximum {
            report(
                schema, ["maxContains"],
                "array contains \(Self.plural(matches, "item")) matching the \"contains\" schema, more than the maximum \(maximum)"
            )
            return false
        }
        return true
    }

    private mutating func applyPrefixItems(
        _ subschemas: [Int], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for (offset, (subschema, element)) in zip(subschemas, elements).enumerated() {
            if !descend(["prefixItems", String(offset)], subschema, element, .index(offset)) {
                valid = false
                if !collect { return false }
            }
        }
        if track { evaluated.itemPrefix = max(evaluated.itemPrefix, min(subschemas.count, elements.count)) }
        return valid
    }

    private mutating func applyItems(
        _ subschema: Int, _ prefixCount: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        if case .boolean(false) = program.schemas[subschema].body, elements.count > prefixCount {
            report(
                schema, ["items"],
                "array has \(Self.plural(elements.count, "item")), but only \(prefixCount) \(prefixCount == 1 ? "is" : "are") allowed"
            )
            return false
        }
        for offset in elements.indices.dropFirst(prefixCount) {
            if !descend(["items"], subschema, elements[offset], .index(offset)) {
                valid = false
                if !collect { return false }
            }
        }
        if track { evaluated.allItems = true }
        return valid
    }

    private mutating func applyUnevaluatedItems(
        _ subschema: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        let isFalse: Bool
        if case .boolean(false) = program.schemas[subschema].body { isFalse = true } else { isFalse = false }
        for offset in elements.indices where !evaluated.containsItem(offset) {
            if isFalse {
                if collect { instancePath.append(.index(offset)) }
                report(schema, ["unevaluatedItems"], "unevaluated item \(offset) is not allowed")
                if collect { instancePath.removeLast() }
                valid = false
            } else if !descend(["unevaluatedItems"], subschema, elements[offset], .index(offset)) {
                valid = false
            }
            if !valid && !collect { return false }
        }
        if track { evaluated.allItems = true }
        return valid
    }

    private mutating func applyProperties(
        _ properties: [(name: String, schema: Int)], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (name, subschema) in properties {
            guard let value = members[name] else { continue }
            if case .boolean(false) = program.schemas[subschema].body {
                if collect { instancePath.append(.key(name)) }
                report(schema, ["properties", name], "property \(JSONValue.quoted(name)) is not allowed")
                if collect { instancePath.removeLast() }
                valid = false
            } else if !descend(["properties", name], subschema, value, .key(name)) {
                valid = false
            }
            if !valid && !collect { return false }
            if track { evaluated.properties.insert(name) }
        }
        return valid
    }

    private mutating func applyPatternProperties(
        _ patterns: [(regex: SchemaRegex, schema: Int)], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (name, value) in members {
            for (regex, subschema) in patterns where regex.matches(name) {
                if !descend(["patternProperties", regex.source], subschema, value, .key(name)) {
                    valid = false
                    if !collect { return false }
                }
                if track { evaluated.properties.insert(name) }
            }
        }
        return valid
    }

    private mutating func applyAdditionalProperties(
        _ subschema: Int, _ known: Set<String>, _ patterns: [SchemaRegex], _ schema: CompiledSchema,
        _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        applyToLeftoverProperties(
            "additionalProperties", noun: "additional", subschema, schema, instance, track: track, into: &evaluated
        ) { name in !known.contains(name) && !patterns.contains { $0.matches(name) } }
    }

    /// Applies `keyword`'s subschema to every member `isLeftover` selects (the members that
    /// `additionalProperties` or `unevaluatedProperties` govern).
    private mutating func applyToLeftoverProperties(
        _ keyword: String, noun: String, _ subschema: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations, isLeftover: (String) -> Bool
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        let isFalse: Bool
        if case .boolean(false) = program.schemas[subschema].body { isFalse = true } else { isFalse = false }
        for (name, value) in members where isLeftover(name) {
            if isFalse {
                if collect { instancePath.append(.key(name)) }
                report(schema, [keyword], "\(noun) property \(JSONValue.quoted(name)) is not allowed")
                if collect { instancePath.removeLast() }
                valid = false
            } else if !descend([keyword], subschema, value, .key(name)) {
                valid = false
            }
            if !valid && !collect { return false }
        }
        if track { evaluated.allProperties = true }
        return valid
    }

    private mutating func applyPropertyNames(
        _ subschema: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for name in members.keys where !check(subschema, .string(name)) {
            valid = false
            guard collect else { return false }
            instancePath.append(.key(name))
            report(schema, ["propertyNames"], "property name \(JSONValue.quoted(name)) is not allowed")
            instancePath.removeLast()
            _ = descend(["propertyNames"], subschema, .string(name), nil)
        }
        return valid
    }

    private mutating func applyDependentSchemas(
        _ dependencies: [(property: String, schema: Int)], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (property, subschema) in dependencies where members[property] != nil {
            if !descend(["dependentSchemas", property], subschema, instance, track: track, into: &evaluated) {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }

    private mutating func applyUnevaluatedProperties(
        _ subschema: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        let alreadyEvaluated = evaluated
        return applyToLeftoverProperties(
            "unevaluatedProperties", noun: "unevaluated", subschema, schema, instance, track: track, into: &evaluated
        ) { name in !alreadyEvaluated.containsProperty(name) }
    }

    private mutating func applyAllOf(
        _ subschemas: [Int], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        var valid = true
        for (offset, subschema) in subschemas.enumerated() {
            if !descend(["allOf", String(offset)], subschema, instance, track: track, into: &evaluated) {
                valid = false
                if !collect { return false }
            }
        }
        return valid
    }

    private mutating func applyAnyOf(
        _ subschemas: [Int], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        var valid = false
        for subschema in subschemas where check(subschema, instance, track: track, into: &evaluated) {
            valid = true
            if !track { break }
        }
        if !valid && collect {
            report(schema, ["anyOf"], "value does not match any of the \(subschemas.count) schemas in \"anyOf\"")
            for (offset, subschema) in subschemas.enumerated() {
                _ = descend(["anyOf", String(offset)], subschema, instance)
            }
        }
        return valid
    }

    private mutating func applyOneOf(
        _ subschemas: [Int], _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        var matching: [Int] = []
        var branchLocations = EvaluatedLocations()
        for (offset, subschema) in subschemas.enumerated() {
            var candidate = EvaluatedLocations()
            if check(subschema, instance, track: track, into: &candidate) {
                matching.append(offset)
                branchLocations = candidate
                if matching.count > 1 && !collect { return false }
            }
        }
        if matching.count == 1 {
            if track { evaluated.formUnion(branchLocations) }
            return true
        }
        if matching.isEmpty {
            report(schema, ["oneOf"], "value does not match any of the \(subschemas.count) schemas in \"oneOf\"")
            if collect {
                for (offset, subschema) in subschemas.enumerated() {
                    _ = descend(["oneOf", String(offset)], subschema, instance)
                }
            }
        } else {
            report(
                schema, ["oneOf"],
                "value matches \(matching.count) schemas in \"oneOf\" (at indexes \(matching.map(String.init).joined(separator: ", "))), but must match exactly one"
            )
        }
        return false
    }

    private mutating func applyNot(
        _ subschema: Int, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        guard check(subschema, instance) else { return true }
        report(schema, ["not"], "value must not match the schema in \"not\"")
        return false
    }

    private mutating func applyConditional(
        _ condition: Int, _ then: Int?, _ otherwise: Int?, _ schema: CompiledSchema, _ instance: JSONValue,
        track: Bool, into evaluated: inout EvaluatedLocations
    ) -> Bool {
        var conditionLocations = EvaluatedLocations()
        if check(condition, instance, track: track, into: &conditionLocations) {
            if track { evaluated.formUnion(conditionLocations) }
            guard let then else { return true }
            return descend(["then"], then, instance, track: track, into: &evaluated)
        }
        guard let otherwise else { return true }
        return descend(["else"], otherwise, instance, track: track, into: &evaluated)
    }
    private mutating func descend(_ tokens: [String], _ index: Int, _ instance: JSONValue) -> Bool {
        var ignored = EvaluatedLocations()
        return descend(tokens, index, instance, nil, track: false, into: &ignored)
    }

    // MARK: - Messages

    /// A short JSON rendering of a value for messages, truncated to about `limit` characters.
    static func preview(_ value: JSONValue, limit: Int = 60) -> String {
        let text = value.serializedString()
        guard text.count > limit else { return text }
        return text.prefix(limit) + "…"
    }

    static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
    }
}
