import Foundation
import GridwayJSON
import OrderedCollections

/// Reads a contract document's Gridway metadata, fields and aggregates, collecting every
/// problem as a ``ContractFinding`` instead of stopping at the first.
///
/// Shared by ``Contract/init(document:source:)`` (which refuses a document with error findings)
/// and ``ContractLinter`` (which reports all of them). Schema keywords of a property are looked up
/// through local `$ref`s (`#/$defs/…`), so a field may take its type or enum from a definition.
struct ContractReader {
    /// The parts of a contract read without error.
    struct Parts {
        let ref: ContractRef
        let version: SemanticVersion
        let title: String
        let description: String
        let periodType: PeriodType
        let fields: [ContractField]
        let measures: [AggregateMeasure]
        let dimensions: [AggregateDimension]
        let subject: ReportSubject?
        let retention: CalendarDuration?
        let deadline: CalendarDuration?
    }

    /// The `$schema` every contract declares.
    static let draft = JSONSchemaMetaSchemas.draft202012URI

    /// The `x-gridway-*` keywords Gridway knows; others are reported as likely typos.
    static let knownKeywords: Set<String> = [
        "x-gridway-id", "x-gridway-version", "x-gridway-period", "x-gridway-aggregates", "x-gridway-invalid-examples",
        "x-gridway-sharing", "x-gridway-pii", "x-gridway-enum-titles", "x-gridway-element", "x-gridway-subject",
        "x-gridway-within-period", "x-gridway-retention", "x-gridway-deadline",
    ]

    /// Every problem found, in document order.
    private(set) var findings: [ContractFinding] = []
    /// The contract's parts, or `nil` if an error was found.
    private(set) var parts: Parts?

    private let document: JSONValue
    private let file: String
    private let elements: ElementDictionary
    /// The declared subject's kind, known before the fields are read; `nil` when undeclared.
    private var subjectKind: SubjectKind?
    /// The declared period type, known before the fields are read.
    private var periodType: PeriodType?

    /// Reads `document`, naming `file` in the findings and resolving `x-gridway-element`
    /// references in `elements`.
    init(document: JSONValue, file: String, elements: ElementDictionary) {
        self.document = document
        self.file = file
        self.elements = elements
        parts = read()
        if findings.contains(where: { $0.severity == .error }) { parts = nil }
    }

    // MARK: - Top level

    private mutating func read() -> Parts? {
        guard case .object(let root) = document else {
            error(.root, "a contract must be a JSON object")
            return nil
        }
        if root["$schema"]?.stringValue != Self.draft {
            error(at: "$schema", "\"$schema\" must be \"\(Self.draft)\"")
        }
        let id = root["x-gridway-id"]?.stringValue.flatMap { ContractRef.isValidID($0) ? $0 : nil }
        if id == nil {
            error(at: "x-gridway-id", "\"x-gridway-id\" must be a lowercase kebab-case id such as \"elderly-visit\"")
        }
        let version = root["x-gridway-version"]?.stringValue.flatMap(SemanticVersion.init(parsing:))
        if version == nil {
            error(
                at: "x-gridway-version",
                "\"x-gridway-version\" must be a semantic version MAJOR.MINOR.PATCH such as \"1.0.0\"")
        }
        let title = chineseText(root["title"], at: JSONPointer(tokens: ["title"]), what: "the contract's title")
        let description = chineseText(
            root["description"], at: JSONPointer(tokens: ["description"]), what: "the contract's description")
        periodType = root["x-gridway-period"]?.stringValue.flatMap(PeriodType.init(rawValue:))
        if periodType == nil {
            error(at: "x-gridway-period", "\"x-gridway-period\" must be one of \(Self.list(PeriodType.allCases))")
        }
        let retention = readDuration(
            root["x-gridway-retention"], keyword: "x-gridway-retention", example: "\"P3Y\" or \"P18M\"")
        let deadline = readDuration(
            root["x-gridway-deadline"], keyword: "x-gridway-deadline", example: "\"P5D\" or \"P1M\"")
        if deadline != nil, periodType == PeriodType.none {
            error(
                at: "x-gridway-deadline",
                "\"x-gridway-deadline\" counts from the end of a period: the contract has none")
        }
        if root["type"] != .string("object") {
            error(at: "type", "a contract's \"type\" must be \"object\"")
        }
        let declaredSubject = readSubjectDeclaration(root["x-gridway-subject"])
        let fields = readFields(of: document, at: .root, inherited: nil, throughArray: false)
        if fields.isEmpty {
            error(at: "properties", "a contract must define its fields in \"properties\"")
        }
        let subject = declaredSubject.flatMap { resolveSubject($0, fields: fields) }
        let (measures, dimensions) = readAggregates(root["x-gridway-aggregates"], fields: fields)
        reportUnknownKeywords(in: document, at: .root)
        guard let id, let version, let ref = try? ContractRef(id: id, major: version.major), let title, let description,
            let periodType
        else { return nil }
        return Parts(
            ref: ref, version: version, title: title, description: description, periodType: periodType, fields: fields,
            measures: measures, dimensions: dimensions, subject: subject, retention: retention, deadline: deadline)
    }

    /// The duration `keyword` gives (`x-gridway-retention`, `x-gridway-deadline`), with an error when
    /// it is given but is not one.
    private mutating func readDuration(_ value: JSONValue?, keyword: String, example: String) -> CalendarDuration? {
        guard let value else { return nil }
        guard let duration = value.stringValue.flatMap(CalendarDuration.init(parsing:)) else {
            error(
                at: keyword,
                "\"\(keyword)\" must be an ISO 8601 duration of years, months, weeks or days such as \(example)")
            return nil
        }
        return duration
    }

    /// A non-empty string, with a warning if it has no Chinese characters.
    private mutating func chineseText(_ value: JSONValue?, at location: JSONPointer, what: String) -> String? {
        guard let text = value?.stringValue, !text.allSatisfy(\.isWhitespace) else {
            error(location, "\(what) must be a non-empty string")
            return nil
        }
        if !Self.containsHan(text) {
            warning(location, "\(what) should be in Chinese")
        }
        return text
    }

    // MARK: - Fields

    /// The fields of the object schema `schema` (its `properties`); top-level when `inherited` is nil.
    private mutating func readFields(
        of schema: JSONValue, at location: JSONPointer, inherited: (SharingLevel, PIIClass)?, throughArray: Bool
    ) -> [ContractField] {
        guard case .object(let properties)? = keyword("properties", of: schema) else { return [] }
        let required = keyword("required", of: schema)?.arrayValue?.compactMap(\.stringValue) ?? []
        for (index, name) in required.enumerated() where properties[name] == nil {
            error(
                location.appending("required").appending(index: index),
                "required property \"\(name)\" is not defined in \"properties\"")
        }
        var fields: [ContractField] = []
        for (name, property) in properties {
            let propertyLocation = location.appending("properties").appending(name)
            if !Self.isLowerCamelCase(name) {
                warning(propertyLocation, "field name \"\(name)\" should be English lowerCamelCase")
            }
            if let field = readField(
                name: name, schema: property, at: propertyLocation, inherited: inherited,
                isRequired: required.contains(name), throughArray: throughArray)
            {
                fields.append(field)
            }
        }
        return fields
    }

    private mutating func readField(
        name: String, schema: JSONValue, at location: JSONPointer, inherited: (SharingLevel, PIIClass)?,
        isRequired: Bool, throughArray: Bool
    ) -> ContractField? {
        let isTopLevel = inherited == nil
        guard schema.objectValue != nil else {
            if isTopLevel { error(location, "field \"\(name)\" must be described by a schema object") }
            return nil
        }
        var title = keyword("title", of: schema)?.stringValue
        let description = keyword("description", of: schema)?.stringValue
        if isTopLevel {
            title = chineseText(
                title.map(JSONValue.string), at: location.appending("title"), what: "the title of \"\(name)\"")
            if description?.allSatisfy(\.isWhitespace) ?? true {
                error(location.appending("description"), "field \"\(name)\" needs a non-empty \"description\"")
            }
        }
        let type = keyword("type", of: schema)?.stringValue.flatMap(ContractFieldType.init(rawValue:))
        if isTopLevel && type == nil {
            error(
                location.appending("type"),
                "field \"\(name)\" must declare one \"type\": \(Self.list(ContractFieldType.allCases))")
        }
        let sharing = readMetadata(
            SharingLevel.self, "x-gridway-sharing", of: schema, at: location, inherited: inherited?.0, name: name)
        let pii = readMetadata(
            PIIClass.self, "x-gridway-pii", of: schema, at: location, inherited: inherited?.1, name: name)

        var allowedValues = keyword("enum", of: schema)?.arrayValue ?? keyword("const", of: schema).map { [$0] }
        if allowedValues == nil && type == .boolean { allowedValues = [false, true] }
        var enumTitles = readEnumTitles(of: schema, at: location, values: allowedValues)

        var fields: [ContractField] = []
        if type == .array, let items = keyword("items", of: schema) {
            let itemsLocation = location.appending("items")
            fields = readFields(of: items, at: itemsLocation, inherited: (sharing, pii), throughArray: true)
            if enumTitles.isEmpty {
                enumTitles = readEnumTitles(
                    of: items, at: itemsLocation, values: keyword("enum", of: items)?.arrayValue)
            }
        } else if type == .object || type == nil {
            fields = readFields(of: schema, at: location, inherited: (sharing, pii), throughArray: throughArray)
        }
        let element = readElement(of: schema, at: location, name: name, type: type, pii: pii)
        let isWithinPeriod = readWithinPeriod(
            of: schema, at: location, name: name, type: type, throughArray: throughArray)
        let isSubjectFact = element.map { $0.subjectKind != .event && $0.subjectKind == subjectKind } ?? false
        return ContractField(
            name: name, title: title ?? name, description: description ?? "", sharing: sharing, pii: pii, type: type,
            isRequired: isRequired, allowedValues: allowedValues, enumTitles: enumTitles, fields: fields,
            element: element?.id, isSubjectFact: isSubjectFact, isWithinPeriod: isWithinPeriod)
    }

    // MARK: - Data elements, subject, period dates

    /// The element `x-gridway-element` names, with errors when it is unknown or its type or format
    /// differ from the field's, and a warning when its PII class does.
    private mutating func readElement(
        of schema: JSONValue, at location: JSONPointer, name: String, type: ContractFieldType?, pii: PIIClass
    ) -> DataElement? {
        guard let declared = keyword("x-gridway-element", of: schema) else { return nil }
        let elementLocation = location.appending("x-gridway-element")
        guard let id = declared.stringValue, DataElement.isValidID(id) else {
            error(elementLocation, "\"x-gridway-element\" must be a data-element id such as \"person.idNumber\"")
            return nil
        }
        guard let element = elements.element(id) else {
            error(elementLocation, "unknown data element \"\(id)\": define it in \(ElementDictionary.fileName)")
            return nil
        }
        let format = keyword("format", of: schema)?.stringValue
        if type != element.type || format != element.format {
            error(
                elementLocation,
                "field \"\(name)\" is \(Self.shape(type?.rawValue ?? "untyped", format)) but element \"\(id)\" is \(Self.shape(element.type.rawValue, element.format))"
            )
        }
        if pii != element.pii {
            warning(
                elementLocation,
                "field \"\(name)\" declares PII class \"\(pii.rawValue)\" but element \"\(id)\" holds \"\(element.pii.rawValue)\""
            )
        }
        return element
    }

    /// `string` or `string (format date)`.
    private static func shape(_ type: String, _ format: String?) -> String {
        format.map { "\(type) (format \($0))" } ?? type
    }

    /// Whether `x-gridway-within-period` is `true`, with errors unless the field is a date or
    /// date-time reachable through objects of a contract with periods.
    private mutating func readWithinPeriod(
        of schema: JSONValue, at location: JSONPointer, name: String, type: ContractFieldType?, throughArray: Bool
    ) -> Bool {
        guard let declared = keyword("x-gridway-within-period", of: schema) else { return false }
        let keywordLocation = location.appending("x-gridway-within-period")
        guard let isWithinPeriod = declared.boolValue else {
            error(keywordLocation, "\"x-gridway-within-period\" must be true or false")
            return false
        }
        guard isWithinPeriod else { return false }
        let format = keyword("format", of: schema)?.stringValue
        if type != .string || !PeriodViolation.dateFormats.contains(format ?? "") {
            error(
                keywordLocation,
                "\"x-gridway-within-period\" needs a string field with format \"date\" or \"date-time\"")
            return false
        }
        if throughArray {
            error(keywordLocation, "\"x-gridway-within-period\" is not supported inside an array")
            return false
        }
        if periodType == PeriodType.none {
            error(
                keywordLocation,
                "\"x-gridway-within-period\" needs a contract with periods, but \"x-gridway-period\" is \"none\"")
            return false
        }
        return true
    }

    /// A subject declaration as written: its kind and key element ids (empty for unit and event).
    private mutating func readSubjectDeclaration(_ declared: JSONValue?) -> (SubjectKind, [String])? {
        guard let declared else {
            warning(.root, "no \"x-gridway-subject\": say what one report is about, or nothing of it can be prefilled")
            return nil
        }
        let location = JSONPointer(tokens: ["x-gridway-subject"])
        switch declared {
        case .string("unit"):
            subjectKind = .orgUnit
            return (.orgUnit, [])
        case .string("event"):
            subjectKind = .event
            return (.event, [])
        case .array(let ids) where !ids.isEmpty:
            var kinds: Set<SubjectKind> = []
            var keys: [String] = []
            for (index, value) in ids.enumerated() {
                guard let id = value.stringValue, let element = elements.element(id) else {
                    error(
                        location.appending(index: index),
                        "\(value) is not a data element of \(ElementDictionary.fileName)")
                    continue
                }
                if keys.contains(id) {
                    error(location.appending(index: index), "element \"\(id)\" is listed twice")
                }
                kinds.insert(element.subjectKind)
                keys.append(id)
            }
            guard keys.count == ids.count else { return nil }
            guard kinds.count == 1, let kind = kinds.first, kind != .event else {
                error(
                    location,
                    "the subject's elements must all describe one person, household, place or org unit, not \(kinds.map(\.rawValue).sorted().joined(separator: ", "))"
                )
                return nil
            }
            subjectKind = kind
            return (kind, keys)
        default:
            error(
                location,
                "\"x-gridway-subject\" must be \"unit\", \"event\" or a non-empty list of data-element ids such as [\"person.idNumber\"]"
            )
            return nil
        }
    }

    /// The subject, with each key element found on exactly one required field reachable through
    /// required objects.
    private mutating func resolveSubject(_ declared: (SubjectKind, [String]), fields: [ContractField])
        -> ReportSubject?
    {
        var key: [SubjectKeyField] = []
        for (index, id) in declared.1.enumerated() {
            let location = JSONPointer(tokens: ["x-gridway-subject"]).appending(index: index)
            let carriers = Contract.pointers(to: fields).filter { $0.field.element == id }
            guard carriers.count == 1, let carrier = carriers.first else {
                error(
                    location,
                    carriers.isEmpty
                        ? "no field references the subject's element \"\(id)\" (fields inside arrays do not count)"
                        : "several fields reference the subject's element \"\(id)\": \(carriers.map(\.pointer.description).joined(separator: ", "))"
                )
                continue
            }
            if !carrier.isRequiredThroughout {
                error(
                    location, "the subject's element \"\(id)\" is carried by \(carrier.pointer), which must be required"
                )
            }
            key.append(SubjectKeyField(element: id, pointer: carrier.pointer))
        }
        return key.count == declared.1.count ? ReportSubject(kind: declared.0, key: key) : nil
    }

    /// A sharing level or PII class: declared (and valid), else inherited, else an error for a
    /// top-level field (with a placeholder so reading can go on).
    private mutating func readMetadata<Value: RawRepresentable & CaseIterable>(
        _: Value.Type, _ key: String, of schema: JSONValue, at location: JSONPointer, inherited: Value?, name: String
    ) -> Value where Value.RawValue == String {
        let choices = Self.list(Value.allCases)
        guard let declared = keyword(key, of: schema) else {
            if let inherited { return inherited }
            error(location, "field \"\(name)\" must declare \"\(key)\": \(choices)")
            return Value.allCases.first!
        }
        guard let value = declared.stringValue.flatMap(Value.init(rawValue:)) else {
            error(location.appending(key), "\"\(key)\" must be one of \(choices)")
            return inherited ?? Value.allCases.first!
        }
        return value
    }

    /// The `x-gridway-enum-titles` labels, keyed by each value's ``JSONValue/enumTitleKey`` (`"1"`,
    /// `"true"` for integer and boolean enums), with warnings when they do not match the enum.
    private mutating func readEnumTitles(of schema: JSONValue, at location: JSONPointer, values: [JSONValue]?)
        -> [String: String]
    {
        guard let declared = keyword("x-gridway-enum-titles", of: schema) else { return [:] }
        let titlesLocation = location.appending("x-gridway-enum-titles")
        guard case .object(let members) = declared, members.values.allSatisfy({ $0.stringValue != nil }) else {
            warning(titlesLocation, "\"x-gridway-enum-titles\" must map each enum value to a string label")
            return [:]
        }
        guard let values else {
            warning(titlesLocation, "\"x-gridway-enum-titles\" is given but there is no \"enum\" beside it")
            return [:]
        }
        let enumKeys = Set(values.map(\.enumTitleKey))
        let titleKeys = Set(members.keys)
        if enumKeys != titleKeys {
            var problems: [String] = []
            let untitled = enumKeys.subtracting(titleKeys).sorted()
            let unknown = titleKeys.subtracting(enumKeys).sorted()
            if !untitled.isEmpty { problems.append("no label for \(untitled.joined(separator: ", "))") }
            if !unknown.isEmpty {
                problems.append("labels for values not in the enum: \(unknown.joined(separator: ", "))")
            }
            warning(
                titlesLocation, "\"x-gridway-enum-titles\" does not match the enum: " + problems.joined(separator: "; ")
            )
        }
        return members.reduce(into: [:]) { $0[$1.key] = $1.value.stringValue }
    }

    // MARK: - Aggregates

    private mutating func readAggregates(
        _ aggregates: JSONValue?, fields: [ContractField]
    ) -> ([AggregateMeasure], [AggregateDimension]) {
        let location = JSONPointer(tokens: ["x-gridway-aggregates"])
        guard let aggregates else {
            error(.root, "missing \"x-gridway-aggregates\" (use {\"measures\": [], \"dimensions\": []} for none)")
            return ([], [])
        }
        var measures: [AggregateMeasure] = []
        var dimensions: [AggregateDimension] = []
        var names: Set<String> = []
        for (index, entry) in entries("measures", in: aggregates, at: location).enumerated() {
            let entryLocation = location.appending("measures").appending(index: index)
            guard let name = aggregateName(entry, at: entryLocation, kind: "measure", names: &names),
                let title = chineseText(
                    entry["title"], at: entryLocation.appending("title"), what: "the \"title\" of measure \"\(name)\"")
            else { continue }
            guard let op = entry["op"]?.stringValue.flatMap(AggregateOperation.init(rawValue:)) else {
                error(entryLocation.appending("op"), "\"op\" must be one of \(Self.list(AggregateOperation.allCases))")
                continue
            }
            if op == .count {
                if entry["field"] != nil { error(entryLocation.appending("field"), "a count takes no \"field\"") }
                measures.append(AggregateMeasure(name: name, title: title, op: op, field: nil))
                continue
            }
            guard let target = aggregateField(entry, at: entryLocation, fields: fields) else { continue }
            guard let type = target.field.type, type.isNumeric else {
                let actual = target.field.type?.rawValue ?? "untyped"
                error(
                    entryLocation.appending("field"),
                    "measure \"\(name)\" (\(op.rawValue)) needs an integer or number field, but \(target.pointer) is \(actual)"
                )
                continue
            }
            checkLimits(of: target.pointer, measure: name)
            measures.append(AggregateMeasure(name: name, title: title, op: op, field: target.pointer))
        }
        names = []
        for (index, entry) in entries("dimensions", in: aggregates, at: location).enumerated() {
            let entryLocation = location.appending("dimensions").appending(index: index)
            guard let name = aggregateName(entry, at: entryLocation, kind: "dimension", names: &names),
                let title = chineseText(
                    entry["title"], at: entryLocation.appending("title"), what: "the \"title\" of dimension \"\(name)\""
                ),
                let target = aggregateField(entry, at: entryLocation, fields: fields)
            else { continue }
            guard target.field.isEnumerated else {
                error(
                    entryLocation.appending("field"),
                    "dimension \"\(name)\" needs an enumerated field (enum, const or boolean), but \(target.pointer) is not"
                )
                continue
            }
            dimensions.append(AggregateDimension(name: name, title: title, field: target.pointer))
        }
        return (measures, dimensions)
    }

    /// The largest limit a measured field may declare: its values, and any total of them a store
    /// could reach, are then held exactly (see ``ExactDecimal``).
    static let largestMeasuredLimit = 1e15

    /// Requires the field a measure reads to bound its values from below and above (`minimum` or
    /// `exclusiveMinimum`, `maximum` or `exclusiveMaximum`), within ±``largestMeasuredLimit``.
    private mutating func checkLimits(of pointer: JSONPointer, measure: String) {
        var schema: JSONValue? = document
        var location = JSONPointer.root
        for token in pointer.tokens {
            schema = schema.flatMap { keyword("properties", of: $0) }?[token]
            location = location.appending("properties").appending(token)
        }
        let bounded = schema.map { schema in
            Self.isLimit(keyword("minimum", of: schema) ?? keyword("exclusiveMinimum", of: schema))
                && Self.isLimit(keyword("maximum", of: schema) ?? keyword("exclusiveMaximum", of: schema))
        }
        if bounded != true {
            error(
                location,
                "measure \"\(measure)\" reads \(pointer), which needs a \"minimum\" and a \"maximum\" within ±1e15 so its totals stay exact"
            )
        }
    }

    private static func isLimit(_ value: JSONValue?) -> Bool {
        guard let limit = value?.doubleValue else { return false }
        return abs(limit) <= largestMeasuredLimit
    }

    /// The array `key` of the aggregates object, or an error and no entries.
    private mutating func entries(_ key: String, in aggregates: JSONValue, at location: JSONPointer) -> [JSONValue] {
        guard let entries = aggregates[key]?.arrayValue else {
            error(
                aggregates.objectValue == nil ? location : location.appending(key),
                "\"x-gridway-aggregates\" needs a \"\(key)\" array")
            return []
        }
        return entries
    }

    /// A measure's or dimension's name: lowerCamelCase, unique among its kind.
    private mutating func aggregateName(
        _ entry: JSONValue, at location: JSONPointer, kind: String, names: inout Set<String>
    ) -> String? {
        guard entry.objectValue != nil else {
            error(location, "a \(kind) must be an object")
            return nil
        }
        guard let name = entry["name"]?.stringValue, Self.isLowerCamelCase(name) else {
            error(location.appending("name"), "a \(kind) needs a lowerCamelCase \"name\"")
            return nil
        }
        guard names.insert(name).inserted else {
            error(location.appending("name"), "\(kind) \"\(name)\" is declared twice")
            return nil
        }
        return name
    }

    /// The field an aggregate entry's `field` pointer names.
    private mutating func aggregateField(
        _ entry: JSONValue, at location: JSONPointer, fields: [ContractField]
    ) -> (pointer: JSONPointer, field: ContractField)? {
        let fieldLocation = location.appending("field")
        guard let text = entry["field"]?.stringValue, let pointer = try? JSONPointer(parsing: text), !pointer.isRoot
        else {
            error(fieldLocation, "\"field\" must be a JSON Pointer to a field, such as \"/durationMinutes\"")
            return nil
        }
        guard let field = Contract.field(at: pointer, in: fields) else {
            error(fieldLocation, "there is no field \(pointer) (pointers go through object properties only)")
            return nil
        }
        return (pointer, field)
    }

    // MARK: - Keywords

    /// `key` of `schema`, or of the schema its local `$ref` points to (followed up to 16 hops).
    private func keyword(_ key: String, of schema: JSONValue) -> JSONValue? {
        var current = schema
        for _ in 0..<16 {
            if let value = current[key] { return value }
            guard let reference = current["$ref"]?.stringValue, reference.hasPrefix("#"),
                let fragment = String(reference.dropFirst()).removingPercentEncoding,
                let pointer = try? JSONPointer(parsing: fragment), let target = pointer.resolve(in: document)
            else { return nil }
            current = target
        }
        return nil
    }

    /// Warns about `x-gridway-*` keys Gridway does not know, outside example instances and values.
    private mutating func reportUnknownKeywords(in value: JSONValue, at location: JSONPointer) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                if key.hasPrefix("x-gridway-") && !Self.knownKeywords.contains(key) {
                    warning(location.appending(key), "unknown Gridway keyword \"\(key)\"")
                }
                let isData = ["examples", "x-gridway-invalid-examples", "enum", "const", "default"].contains(key)
                if !isData { reportUnknownKeywords(in: member, at: location.appending(key)) }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                reportUnknownKeywords(in: element, at: location.appending(index: index))
            }
        default:
            break
        }
    }

    // MARK: - Helpers

    private mutating func error(_ location: JSONPointer, _ message: String) {
        findings.append(ContractFinding(severity: .error, file: file, location: location, message: message))
    }

    private mutating func error(at key: String, _ message: String) {
        error(JSONPointer(tokens: [key]), message)
    }

    private mutating func warning(_ location: JSONPointer, _ message: String) {
        findings.append(ContractFinding(severity: .warning, file: file, location: location, message: message))
    }

    /// `a, b or c` of the raw values.
    static func list<Values: Sequence>(_ values: Values) -> String
    where Values.Element: RawRepresentable, Values.Element.RawValue == String {
        let names = values.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// Whether `name` is lowerCamelCase ASCII: a lowercase letter, then letters and digits.
    static func isLowerCamelCase(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return name.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
    }

    /// Whether `text` has at least one CJK unified ideograph.
    static func containsHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }
}
