import Foundation
import GridwayJSON

/// Checks contract files before they are shipped: the logic behind `gridway contract check`.
///
/// For each file it reports, as ``ContractFinding``s:
/// - a name that is not `<id>@<major>.json`, or JSON that does not parse (with line and column);
/// - a schema that is not a valid JSON Schema 2020-12 document (checked against the meta-schema)
///   or does not compile;
/// - incomplete or malformed metadata (see ``Contract/init(document:source:)``), and an id or
///   major that does not match the file name;
/// - personal fields without an `x-gridway-retention` saying how long they are kept;
/// - an `examples` instance that fails validation, and an `x-gridway-invalid-examples` instance
///   that does not fail at exactly its listed `errors` locations (the instance locations of the
///   innermost failing keywords).
///
/// Fields' `x-gridway-element` references and the `x-gridway-subject` declaration are checked
/// against the data-element dictionary `elements.json` of the contract's folder, whose own
/// problems are reported when the folder or the dictionary file is checked.
///
/// Across a folder it also reports the same `id@major` defined twice, and problems in the
/// folder's `units.json` org-unit tree.
///
/// Core checks bytes (``check(_:file:elements:)``); reading files and folders from disk is
/// `GridwayFiles`' `check(path:)`.
public struct ContractLinter: Sendable {
    /// Creates a linter.
    public init() {}

    /// Checks the bytes of one contract file named `file` (a path or a name ending in
    /// `<id>@<major>.json`), resolving data elements in `elements`.
    public func check(
        _ bytes: some Collection<UInt8>, file: String, elements: ElementDictionary = ElementDictionary()
    ) -> [ContractFinding] {
        lint(bytes, file: file, elements: elements).findings
    }

    // MARK: - One file

    /// The findings for a file's bytes, each placed at its line and column, and the ref its content
    /// declares (when it declares a valid one).
    package func lint(_ bytes: some Collection<UInt8>, file: String, elements: ElementDictionary) -> (
        findings: [ContractFinding], ref: ContractRef?
    ) {
        let (findings, ref) = lintDocument(bytes, file: file, elements: elements)
        let map = JSONSourceMap(bytes)
        return (findings.map { $0.placed(in: map) }, ref)
    }

    private func lintDocument(_ bytes: some Collection<UInt8>, file: String, elements: ElementDictionary) -> (
        findings: [ContractFinding], ref: ContractRef?
    ) {
        var findings: [ContractFinding] = []
        func report(_ location: JSONPointer, _ message: String) {
            findings.append(ContractFinding(severity: .error, file: file, location: location, message: message))
        }
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        let fileRef = fileName.hasSuffix(".json") ? try? ContractRef(parsing: String(fileName.dropLast(5))) : nil
        if fileRef == nil {
            report(.root, "a contract file must be named <id>@<major>.json, e.g. elderly-visit@1.json")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            report(.root, "not valid JSON: \(error)")
            return (findings, nil)
        }
        for metaError in ContractLinter.innermost(JSONSchemaValidator.metaSchema.validate(document).errors) {
            report(metaError.instanceLocation, "not a valid JSON Schema 2020-12 document: \(metaError.message)")
        }
        let reader = ContractReader(document: document, file: file, elements: elements)
        findings += reader.findings
        if let parts = reader.parts, parts.retention == nil, Contract.holdsPersonalData(parts.fields) {
            let personal = parts.fields.filter { Contract.holdsPersonalData([$0]) }.map(\.name)
            report(
                .root,
                "the contract has personal fields (\(personal.joined(separator: ", "))), so it must declare "
                    + "\"x-gridway-retention\", how long they are kept after the end of a submission's period, "
                    + "as an ISO 8601 duration such as \"P3Y\"")
        }

        let id = document["x-gridway-id"]?.stringValue
        let major = document["x-gridway-version"]?.stringValue.flatMap(SemanticVersion.init(parsing:))?.major
        if let fileRef, let id, id != fileRef.id {
            report(JSONPointer(tokens: ["x-gridway-id"]), "id \"\(id)\" does not match the file name \(fileName)")
        }
        if let fileRef, let major, major != fileRef.major {
            report(
                JSONPointer(tokens: ["x-gridway-version"]),
                "major version \(major) does not match the file name \(fileName)")
        }
        let ref = id.flatMap { id in major.flatMap { try? ContractRef(id: id, major: $0) } }

        let validator: JSONSchemaValidator
        do {
            validator = try Contract.compile(document)
        } catch {
            findings.append(Contract.finding(for: error, file: file))
            return (findings, ref)
        }
        findings += checkExamples(of: document, with: validator, file: file)
        return (findings, ref)
    }

    // MARK: - Examples

    private func checkExamples(of document: JSONValue, with validator: JSONSchemaValidator, file: String)
        -> [ContractFinding]
    {
        var findings: [ContractFinding] = []
        func report(_ location: JSONPointer, _ message: String) {
            findings.append(ContractFinding(severity: .error, file: file, location: location, message: message))
        }
        let examplesLocation = JSONPointer(tokens: ["examples"])
        if let examples = document["examples"]?.arrayValue, !examples.isEmpty {
            for (index, instance) in examples.enumerated() {
                let location = examplesLocation.appending(index: index)
                for failure in ContractLinter.innermost(validator.validate(instance).errors) {
                    report(location.appending(failure.instanceLocation), "example is invalid: \(failure.message)")
                }
            }
        } else {
            report(
                document["examples"] == nil ? .root : examplesLocation,
                "\"examples\" must list at least one valid instance")
        }

        let invalidLocation = JSONPointer(tokens: ["x-gridway-invalid-examples"])
        guard let invalidExamples = document["x-gridway-invalid-examples"]?.arrayValue, !invalidExamples.isEmpty else {
            report(
                document["x-gridway-invalid-examples"] == nil ? .root : invalidLocation,
                "\"x-gridway-invalid-examples\" must list at least one {\"reason\", \"instance\", \"errors\"} entry")
            return findings
        }
        for (index, entry) in invalidExamples.enumerated() {
            let location = invalidLocation.appending(index: index)
            guard entry.objectValue != nil else {
                report(location, "an invalid example must be an object with \"reason\", \"instance\" and \"errors\"")
                continue
            }
            if entry["reason"]?.stringValue?.allSatisfy(\.isWhitespace) ?? true {
                report(
                    location.appending("reason"), "an invalid example needs a \"reason\" saying what is wrong with it")
            }
            guard let instance = entry["instance"] else {
                report(location, "an invalid example needs an \"instance\"")
                continue
            }
            var expected: [JSONPointer: Int] = [:]
            for (errorIndex, value) in (entry["errors"]?.arrayValue ?? []).enumerated() {
                guard let pointer = value.stringValue.flatMap({ try? JSONPointer(parsing: $0) }) else {
                    report(location.appending("errors").appending(index: errorIndex), "expected a JSON Pointer string")
                    continue
                }
                expected[pointer] = expected[pointer] ?? errorIndex
            }
            if expected.isEmpty {
                report(
                    location.appending("errors"),
                    "\"errors\" must list the instance locations expected to fail, e.g. [\"/visitDate\"]")
            }
            let failures = ContractLinter.innermost(validator.validate(instance).errors)
            if failures.isEmpty {
                report(location.appending("instance"), "the instance is valid, but it should fail")
                continue
            }
            var reported: Set<JSONPointer> = []
            for failure in failures where expected[failure.instanceLocation] == nil {
                if reported.insert(failure.instanceLocation).inserted {
                    report(
                        location.appending("instance").appending(failure.instanceLocation),
                        "unexpected failure at \"\(failure.instanceLocation)\": \(failure.message)")
                }
            }
            let failed = Set(failures.map(\.instanceLocation))
            for (pointer, errorIndex) in expected.sorted(by: { $0.value < $1.value }) where !failed.contains(pointer) {
                report(
                    location.appending("errors").appending(index: errorIndex),
                    "expected a failure at \"\(pointer)\", but nothing fails there")
            }
        }
        return findings
    }

    // MARK: - Helpers

    /// The errors of failing keywords that no other error explains more precisely: those without
    /// an error deeper in the schema at the same or a deeper instance location. An applicator
    /// such as `properties` fails because something inside it failed; only the latter is kept.
    static func innermost(_ errors: [JSONSchemaValidationError]) -> [JSONSchemaValidationError] {
        errors.filter { candidate in
            !errors.contains { other in
                other.keywordLocation.tokens.count > candidate.keywordLocation.tokens.count
                    && other.keywordLocation.tokens.starts(with: candidate.keywordLocation.tokens)
                    && other.instanceLocation.tokens.starts(with: candidate.instanceLocation.tokens)
            }
        }
    }
}
