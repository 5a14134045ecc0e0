import Foundation
import GridwayJSON

/// One major version of a report type: a JSON Schema 2020-12 document with Gridway metadata,
/// compiled once and ready to validate submissions.
///
/// Formats (`date`, `date-time`, `uri`, …) are always asserted: a contract's `"format": "date"`
/// rejects `2026-02-30`.
public struct Contract: Sendable {
    /// `id@major`, e.g. `elderly-visit@1`.
    public let ref: ContractRef
    /// The full version from `x-gridway-version`; its major is ``ref``'s.
    public let version: SemanticVersion
    /// The Chinese name of the report, e.g. `独居/空巢老人走访记录`.
    public let title: String
    /// The Chinese description: who reports, how often, for whom.
    public let description: String
    /// The kind of period submissions belong to, from `x-gridway-period`.
    public let periodType: PeriodType
    /// The top-level fields in document order, each with its nested fields.
    public let fields: [ContractField]
    /// The measures submissions roll up into.
    public let measures: [AggregateMeasure]
    /// The enumerated fields measures can be broken down by.
    public let dimensions: [AggregateDimension]
    /// What one report is about, from `x-gridway-subject`; `nil` when the contract does not say
    /// (then nothing of it is prefilled).
    public let subject: ReportSubject?
    /// The fields holding stable facts of the subject, reachable through object fields, in
    /// document order (a subject fact's nested fields are part of it, not listed again): the only
    /// fields that are ever prefilled.
    public let subjectFacts: [SubjectFact]
    /// How long the personal fields of a submission are kept after the end of its period, from
    /// `x-gridway-retention`; `nil` when the contract does not say (the configured default applies).
    public let retention: CalendarDuration?
    /// How long after the end of a period its reports are due upstream, from `x-gridway-deadline`
    /// (see ``deliveryDeadline(of:)``); `nil` when the contract sets no deadline.
    public let deadline: CalendarDuration?
    /// The whole contract document, metadata included.
    public let schema: JSONValue
    /// Where the contract came from, e.g. its file path; used in messages.
    public let source: String
    private let validator: JSONSchemaValidator

    /// Reads and compiles a contract document.
    ///
    /// - Parameters:
    ///   - document: the parsed contract file.
    ///   - source: a name for messages, usually the file path.
    ///   - elements: the data-element dictionary `x-gridway-element` and `x-gridway-subject` refer to.
    /// - Throws: ``ContractError`` with every error finding: missing or malformed metadata,
    ///   fields without sharing level or PII class, aggregates on unsuitable fields, unknown or
    ///   disagreeing data elements, a subject no field carries, or a schema that does not compile.
    public init(document: JSONValue, source: String, elements: ElementDictionary = ElementDictionary())
        throws(ContractError)
    {
        let reader = ContractReader(document: document, file: source, elements: elements)
        guard let parts = reader.parts else {
            throw ContractError(source: source, findings: reader.findings.filter { $0.severity == .error })
        }
        do {
            validator = try Contract.compile(document)
        } catch {
            throw ContractError(source: source, findings: [Contract.finding(for: error, file: source)])
        }
        ref = parts.ref
        version = parts.version
        title = parts.title
        description = parts.description
        periodType = parts.periodType
        fields = parts.fields
        measures = parts.measures
        dimensions = parts.dimensions
        subject = parts.subject
        retention = parts.retention
        deadline = parts.deadline
        subjectFacts = Contract.pointers(to: parts.fields).compactMap { path in
            guard path.field.isSubjectFact, let element = path.field.element else { return nil }
            return SubjectFact(pointer: path.pointer, field: path.field, element: element)
        }
        schema = document
        self.source = source
    }

    /// Validates submission data against the contract's schema, then checks that every measured
    /// value can be added up exactly (at most ``ExactDecimal/maximumScale`` decimal places).
    ///
    /// - Returns: every error (in the JSON Schema *basic* output form, each with the instance
    ///   location of the failing value); empty when `data` is valid.
    public func validate(_ data: JSONValue) -> [JSONSchemaValidationError] {
        let errors = validator.validate(data).errors
        guard errors.isEmpty else { return errors }
        var reported: Set<JSONPointer> = []
        return measures.enumerated().compactMap { index, measure in
            guard let field = measure.field, (try? measure.value(in: data)) == nil, let value = field.resolve(in: data),
                value.doubleValue != nil, reported.insert(field).inserted
            else { return nil }
            return JSONSchemaValidationError(
                keywordLocation: JSONPointer(tokens: ["x-gridway-aggregates", "measures"]).appending(index: index),
                absoluteKeywordLocation: nil, instanceLocation: field,
                message:
                    "\(value) cannot be added up exactly: a measured value may have at most \(ExactDecimal.maximumScale) decimal places"
            )
        }
    }

    /// The canonical key of the subject `data` is about: the value of the subject's one key field
    /// (a string trimmed of surrounding white space, e.g. `210102193805120025`; another value as
    /// its RFC 8785 canonical JSON text), or the canonical JSON array of the values of several key
    /// fields. `nil` for a unit-level, event or undeclared subject, or when a key value is missing,
    /// `null` or blank.
    public func subjectKey(in data: JSONValue) -> String? {
        guard let subject, !subject.key.isEmpty else { return nil }
        var values: [JSONValue] = []
        for part in subject.key {
            guard var value = part.pointer.resolve(in: data), !value.isNull else { return nil }
            if let text = value.stringValue {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { return nil }
                value = .string(trimmed)
            }
            values.append(value)
        }
        if values.count == 1, let text = values[0].stringValue { return text }
        let key = values.count == 1 ? values[0] : JSONValue.array(values)
        return String(decoding: key.canonicalBytes(), as: UTF8.self)
    }

    /// The fields whose value lies outside `period` although they declare `x-gridway-within-period`
    /// (a field left out is not checked; a value that is no date is the schema's to refuse).
    public func periodViolations(in data: JSONValue, period: Period?) -> [PeriodViolation] {
        guard let period else { return [] }
        return Contract.pointers(to: fields).compactMap { path in
            guard path.field.isWithinPeriod, let text = path.pointer.resolve(in: data)?.stringValue,
                let day = PeriodViolation.day(of: text), !period.contains(day)
            else { return nil }
            return PeriodViolation(field: path.pointer, period: period, value: text)
        }
    }

    /// Validates a submission's period against ``periodType``; see ``PeriodType/period(for:)``.
    public func period(for text: String?) throws(PeriodError) -> Period? {
        try periodType.period(for: text)
    }

    /// The field `pointer` names, through object fields only (e.g. `/visitor/phone`), or `nil`.
    public func field(at pointer: JSONPointer) -> ContractField? {
        Contract.field(at: pointer, in: fields)
    }

    /// The field `pointer` names among `fields`, descending through object fields only.
    static func field(at pointer: JSONPointer, in fields: [ContractField]) -> ContractField? {
        var candidates = fields
        var found: ContractField?
        for token in pointer.tokens {
            guard found == nil || found?.type == .object, let next = candidates.first(where: { $0.name == token })
            else {
                return nil
            }
            found = next
            candidates = next.fields
        }
        return found
    }

    /// Every field of `fields` reachable through object fields (not into arrays), depth first in
    /// document order, with its pointer and whether it and all its enclosing objects are required.
    static func pointers(to fields: [ContractField], under parent: JSONPointer = .root, required: Bool = true)
        -> [(pointer: JSONPointer, field: ContractField, isRequiredThroughout: Bool)]
    {
        fields.flatMap { field in
            let pointer = parent.appending(field.name)
            let isRequired = required && field.isRequired
            let nested = field.type == .object ? pointers(to: field.fields, under: pointer, required: isRequired) : []
            return [(pointer, field, isRequired)] + nested
        }
    }

    /// Compiles a contract schema with formats asserted.
    static func compile(_ schema: JSONValue) throws(JSONSchemaCompileError) -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: schema, options: JSONSchemaOptions(formatAssertion: true))
    }

    /// A finding for a compile error, located by the error's JSON Pointer fragment when it has one.
    static func finding(for error: JSONSchemaCompileError, file: String) -> ContractFinding {
        var location = JSONPointer.root
        if let hash = error.location.lastIndex(of: "#"),
            let fragment = String(error.location[error.location.index(after: hash)...]).removingPercentEncoding,
            let pointer = try? JSONPointer(parsing: fragment)
        {
            location = pointer
        }
        return ContractFinding(
            severity: .error, file: file, location: location, message: "the schema does not compile: \(error.reason)")
    }
}
