import Foundation

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
    /// - Throws: ``ContractError`` with every error finding: missing or malformed metadata,
    ///   fields without sharing level or PII class, aggregates on unsuitable fields, or a schema
    ///   that does not compile.
    public init(document: JSONValue, source: String) throws(ContractError) {
        let reader = ContractReader(document: document, file: source)
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
