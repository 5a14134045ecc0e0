import Foundation
import GridwayFiles
import OrderedCollections
import Testing

@testable import GridwayCore
@testable import GridwayJSON

/// A small valid contract, `test-visit@1`, and ways to break it.
enum ContractFixture {
    static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "x-gridway-id": "test-visit",
          "x-gridway-version": "1.2.0",
          "title": "测试走访",
          "description": "测试用的走访契约。",
          "x-gridway-period": "week",
          "x-gridway-subject": "unit",
          "x-gridway-retention": "P1Y",
          "type": "object",
          "required": ["minutes", "kind"],
          "additionalProperties": false,
          "properties": {
            "minutes": {"title": "时长", "description": "分钟数", "type": "integer", "minimum": 1, "maximum": 600,
                        "x-gridway-sharing": "open", "x-gridway-pii": "none"},
            "kind": {"title": "方式", "description": "走访方式", "type": "string", "enum": ["home", "phone"],
                     "x-gridway-enum-titles": {"home": "入户", "phone": "电话"},
                     "x-gridway-sharing": "open", "x-gridway-pii": "none"},
            "day": {"title": "日期", "description": "走访日期", "type": "string", "format": "date",
                    "x-gridway-sharing": "open", "x-gridway-pii": "none"},
            "visitor": {"title": "走访人", "description": "走访人信息", "type": "object",
                        "properties": {"name": {"type": "string"}, "phone": {"type": "string", "x-gridway-pii": "phone"}},
                        "x-gridway-sharing": "conditional", "x-gridway-pii": "name"}
          },
          "x-gridway-aggregates": {
            "measures": [{"name": "visits", "title": "走访次数", "op": "count"},
                         {"name": "minutes", "title": "走访时长", "op": "sum", "field": "/minutes"}],
            "dimensions": [{"name": "kind", "title": "方式", "field": "/kind"}]
          },
          "examples": [{"minutes": 30, "kind": "home", "day": "2026-11-28"}],
          "x-gridway-invalid-examples": [
            {"reason": "时长为 0，日期不存在", "instance": {"minutes": 0, "kind": "home", "day": "2026-02-30"}, "errors": ["/minutes", "/day"]}
          ]
        }
        """#

    /// The fixture as a document.
    static var document: JSONValue {
        try! JSONValue(parsing: text)
    }

    /// The fixture with the value at `pointer` replaced (or removed when `value` is nil).
    static func with(_ pointer: String, _ value: JSONValue?) -> JSONValue {
        replacing(document, at: try! JSONPointer(parsing: pointer).tokens[...], with: value)
    }

    /// The serialized bytes of a document.
    static func bytes(_ document: JSONValue) -> [UInt8] {
        document.serialized()
    }

    private static func replacing(_ node: JSONValue, at tokens: ArraySlice<String>, with value: JSONValue?) -> JSONValue
    {
        guard let token = tokens.first else { return value ?? .null }
        switch node {
        case .object(var members):
            if tokens.count == 1, value == nil {
                members.removeValue(forKey: token)
            } else {
                members[token] = replacing(members[token] ?? .null, at: tokens.dropFirst(), with: value)
            }
            return .object(members)
        case .array(var elements):
            let index = Int(token)!
            if tokens.count == 1, value == nil {
                elements.remove(at: index)
            } else {
                elements[index] = replacing(elements[index], at: tokens.dropFirst(), with: value)
            }
            return .array(elements)
        default:
            preconditionFailure("cannot descend into \(node) at \(token)")
        }
    }
}

struct ContractLinterTests {
    let linter = ContractLinter()

    @Test func shippedContractsPassWithoutFindings() {
        let findings = linter.check(path: ContractTestSupport.contractsDirectory)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }

    @Test func fixturePassesWithoutFindings() {
        let findings = linter.check(
            ContractFixture.bytes(ContractFixture.document), file: "contracts/test-visit@1.json")
        #expect(findings.isEmpty, "\(findings.map(\.description))")
    }

    /// A broken contract and the error finding it must produce.
    struct BrokenCase: Sendable, CustomTestStringConvertible {
        let label: String
        let pointer: String
        let value: JSONValue?
        let location: String
        let message: String
        var testDescription: String { label }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase(
            label: "no $schema", pointer: "/$schema", value: nil, location: "/$schema", message: "\"$schema\" must be"),
        BrokenCase(
            label: "draft 7", pointer: "/$schema", value: "http://json-schema.org/draft-07/schema#",
            location: "/$schema", message: "\"$schema\" must be"),
        BrokenCase(
            label: "no id", pointer: "/x-gridway-id", value: nil, location: "/x-gridway-id",
            message: "lowercase kebab-case"),
        BrokenCase(
            label: "id not kebab", pointer: "/x-gridway-id", value: "TestVisit", location: "/x-gridway-id",
            message: "lowercase kebab-case"),
        BrokenCase(
            label: "id not the file's", pointer: "/x-gridway-id", value: "other-visit", location: "/x-gridway-id",
            message: "does not match the file name"),
        BrokenCase(
            label: "version not semver", pointer: "/x-gridway-version", value: "1.2", location: "/x-gridway-version",
            message: "semantic version"),
        BrokenCase(
            label: "major not the file's", pointer: "/x-gridway-version", value: "2.0.0",
            location: "/x-gridway-version", message: "major version 2 does not match"),
        BrokenCase(label: "no title", pointer: "/title", value: nil, location: "/title", message: "non-empty string"),
        BrokenCase(
            label: "no description", pointer: "/description", value: "  ", location: "/description",
            message: "non-empty string"),
        BrokenCase(
            label: "bad period", pointer: "/x-gridway-period", value: "weekly", location: "/x-gridway-period",
            message: "day, week, month, quarter, year or none"),
        BrokenCase(
            label: "no period", pointer: "/x-gridway-period", value: nil, location: "/x-gridway-period",
            message: "\"x-gridway-period\" must be"),
        BrokenCase(
            label: "not an object type", pointer: "/type", value: "array", location: "/type",
            message: "must be \"object\""),
        BrokenCase(
            label: "no properties", pointer: "/properties", value: [:], location: "/properties",
            message: "\"properties\""),
        BrokenCase(
            label: "field without sharing", pointer: "/properties/minutes/x-gridway-sharing", value: nil,
            location: "/properties/minutes", message: "must declare \"x-gridway-sharing\""),
        BrokenCase(
            label: "field without pii", pointer: "/properties/kind/x-gridway-pii", value: nil,
            location: "/properties/kind", message: "must declare \"x-gridway-pii\""),
        BrokenCase(
            label: "unknown sharing", pointer: "/properties/minutes/x-gridway-sharing", value: "public",
            location: "/properties/minutes/x-gridway-sharing", message: "open, conditional or restricted"),
        BrokenCase(
            label: "unknown pii", pointer: "/properties/kind/x-gridway-pii", value: "email",
            location: "/properties/kind/x-gridway-pii", message: "none, name, id-number"),
        BrokenCase(
            label: "bad nested override", pointer: "/properties/visitor/properties/phone/x-gridway-pii",
            value: "mobile", location: "/properties/visitor/properties/phone/x-gridway-pii", message: "must be one of"),
        BrokenCase(
            label: "field without title", pointer: "/properties/minutes/title", value: nil,
            location: "/properties/minutes/title", message: "non-empty string"),
        BrokenCase(
            label: "field without description", pointer: "/properties/minutes/description", value: nil,
            location: "/properties/minutes/description", message: "needs a non-empty \"description\""),
        BrokenCase(
            label: "field without type", pointer: "/properties/minutes/type", value: nil,
            location: "/properties/minutes/type", message: "must declare one \"type\""),
        BrokenCase(
            label: "field with two types", pointer: "/properties/minutes/type", value: ["integer", "null"],
            location: "/properties/minutes/type", message: "must declare one \"type\""),
        BrokenCase(
            label: "boolean schema field", pointer: "/properties/note", value: true, location: "/properties/note",
            message: "schema object"),
        BrokenCase(
            label: "required but undefined", pointer: "/required/1", value: "kinds", location: "/required/1",
            message: "\"kinds\" is not defined"),
        BrokenCase(
            label: "no aggregates", pointer: "/x-gridway-aggregates", value: nil, location: "",
            message: "missing \"x-gridway-aggregates\""),
        BrokenCase(
            label: "no measures list", pointer: "/x-gridway-aggregates/measures", value: nil,
            location: "/x-gridway-aggregates/measures", message: "needs a \"measures\" array"),
        BrokenCase(
            label: "measure on a string", pointer: "/x-gridway-aggregates/measures/1/field", value: "/kind",
            location: "/x-gridway-aggregates/measures/1/field",
            message: "needs an integer or number field, but /kind is string"),
        BrokenCase(
            label: "measured field without a maximum", pointer: "/properties/minutes/maximum", value: nil,
            location: "/properties/minutes", message: "needs a \"minimum\" and a \"maximum\" within ±1e15"),
        BrokenCase(
            label: "measured field without a minimum", pointer: "/properties/minutes/minimum", value: nil,
            location: "/properties/minutes", message: "needs a \"minimum\" and a \"maximum\" within ±1e15"),
        BrokenCase(
            label: "measured field with a limit too large to add up exactly", pointer: "/properties/minutes/maximum",
            value: 1e16, location: "/properties/minutes", message: "needs a \"minimum\" and a \"maximum\" within ±1e15"),
        BrokenCase(
            label: "measure on nothing", pointer: "/x-gridway-aggregates/measures/1/field", value: "/hours",
            location: "/x-gridway-aggregates/measures/1/field", message: "there is no field /hours"),
        BrokenCase(
            label: "measure without field", pointer: "/x-gridway-aggregates/measures/1/field", value: nil,
            location: "/x-gridway-aggregates/measures/1/field", message: "must be a JSON Pointer"),
        BrokenCase(
            label: "measure field not a pointer", pointer: "/x-gridway-aggregates/measures/1/field", value: "minutes",
            location: "/x-gridway-aggregates/measures/1/field", message: "must be a JSON Pointer"),
        BrokenCase(
            label: "count with a field", pointer: "/x-gridway-aggregates/measures/0/field", value: "/minutes",
            location: "/x-gridway-aggregates/measures/0/field", message: "a count takes no \"field\""),
        BrokenCase(
            label: "unknown op", pointer: "/x-gridway-aggregates/measures/1/op", value: "median",
            location: "/x-gridway-aggregates/measures/1/op", message: "count, sum, min, max or avg"),
        BrokenCase(
            label: "duplicate measure", pointer: "/x-gridway-aggregates/measures/1/name", value: "visits",
            location: "/x-gridway-aggregates/measures/1/name", message: "measure \"visits\" is declared twice"),
        BrokenCase(
            label: "measure name not camelCase", pointer: "/x-gridway-aggregates/measures/1/name",
            value: "total-minutes", location: "/x-gridway-aggregates/measures/1/name", message: "lowerCamelCase"),
        BrokenCase(
            label: "measure without title", pointer: "/x-gridway-aggregates/measures/1/title", value: nil,
            location: "/x-gridway-aggregates/measures/1/title",
            message: "the \"title\" of measure \"minutes\" must be a non-empty string"),
        BrokenCase(
            label: "dimension with a blank title", pointer: "/x-gridway-aggregates/dimensions/0/title", value: " ",
            location: "/x-gridway-aggregates/dimensions/0/title",
            message: "the \"title\" of dimension \"kind\" must be a non-empty string"),
        BrokenCase(
            label: "dimension not enumerated", pointer: "/x-gridway-aggregates/dimensions/0/field", value: "/day",
            location: "/x-gridway-aggregates/dimensions/0/field", message: "needs an enumerated field"),
        BrokenCase(
            label: "dimension through an object", pointer: "/x-gridway-aggregates/dimensions/0/field",
            value: "/visitor/name", location: "/x-gridway-aggregates/dimensions/0/field",
            message: "needs an enumerated field"),
        BrokenCase(
            label: "schema keyword malformed", pointer: "/properties/minutes/minimum", value: "one",
            location: "/properties/minutes/minimum", message: "not a valid JSON Schema 2020-12 document"),
        BrokenCase(
            label: "schema does not compile", pointer: "/properties/note",
            value: [
                "$ref": "#/$defs/missing", "title": "备注", "description": "备注", "x-gridway-sharing": "open",
                "x-gridway-pii": "none",
            ], location: "/properties/note/$ref", message: "the schema does not compile"),
        BrokenCase(
            label: "no examples", pointer: "/examples", value: nil, location: "",
            message: "\"examples\" must list at least one"),
        BrokenCase(
            label: "empty examples", pointer: "/examples", value: [], location: "/examples",
            message: "\"examples\" must list at least one"),
        BrokenCase(
            label: "invalid example", pointer: "/examples/0/minutes", value: 0, location: "/examples/0/minutes",
            message: "example is invalid"),
        BrokenCase(
            label: "no invalid examples", pointer: "/x-gridway-invalid-examples", value: nil, location: "",
            message: "\"x-gridway-invalid-examples\" must list"),
        BrokenCase(
            label: "invalid example that passes", pointer: "/x-gridway-invalid-examples/0/instance",
            value: ["minutes": 5, "kind": "phone"], location: "/x-gridway-invalid-examples/0/instance",
            message: "the instance is valid, but it should fail"),
        BrokenCase(
            label: "invalid example failing elsewhere", pointer: "/x-gridway-invalid-examples/0/instance/kind",
            value: "video", location: "/x-gridway-invalid-examples/0/instance/kind",
            message: "unexpected failure at \"/kind\""),
        BrokenCase(
            label: "invalid example failing at fewer places", pointer: "/x-gridway-invalid-examples/0/instance/day",
            value: "2026-02-28", location: "/x-gridway-invalid-examples/0/errors/1",
            message: "expected a failure at \"/day\""),
        BrokenCase(
            label: "invalid example without reason", pointer: "/x-gridway-invalid-examples/0/reason", value: nil,
            location: "/x-gridway-invalid-examples/0/reason", message: "needs a \"reason\""),
        BrokenCase(
            label: "invalid example without errors", pointer: "/x-gridway-invalid-examples/0/errors", value: [],
            location: "/x-gridway-invalid-examples/0/errors", message: "must list the instance locations"),
        BrokenCase(
            label: "personal fields without retention", pointer: "/x-gridway-retention", value: nil, location: "",
            message: "personal fields (visitor), so it must declare \"x-gridway-retention\""),
        BrokenCase(
            label: "retention not a duration", pointer: "/x-gridway-retention", value: "3 years",
            location: "/x-gridway-retention", message: "must be an ISO 8601 duration"),
        BrokenCase(
            label: "retention with a time part", pointer: "/x-gridway-retention", value: "PT12H",
            location: "/x-gridway-retention", message: "must be an ISO 8601 duration"),
        BrokenCase(
            label: "deadline not a duration", pointer: "/x-gridway-deadline", value: "5 days",
            location: "/x-gridway-deadline", message: "must be an ISO 8601 duration"),
        BrokenCase(
            label: "invalid example with a bad pointer", pointer: "/x-gridway-invalid-examples/0/errors/0",
            value: "minutes", location: "/x-gridway-invalid-examples/0/errors/0",
            message: "expected a JSON Pointer string"),
    ]

    @Test(arguments: brokenCases)
    func reportsBrokenContract(_ broken: BrokenCase) throws {
        let document = ContractFixture.with(broken.pointer, broken.value)
        let findings = linter.check(ContractFixture.bytes(document), file: "contracts/test-visit@1.json")
        let matching = findings.filter {
            $0.severity == .error && $0.location.description == broken.location && $0.message.contains(broken.message)
        }
        #expect(!matching.isEmpty, "findings: \(findings.map(\.description))")
        #expect(findings.allSatisfy { $0.file == "contracts/test-visit@1.json" })
    }

    @Test(
        arguments: [
            (
                "/properties/kind/x-gridway-enum-titles/video", JSONValue.string("视频"),
                "/properties/kind/x-gridway-enum-titles", "labels for values not in the enum: video"
            ),
            (
                "/properties/minutes/x-gridway-enum-titles", ["1": "一"], "/properties/minutes/x-gridway-enum-titles",
                "no \"enum\" beside it"
            ),
            (
                "/properties/kind/x-gridway-sharng", "open", "/properties/kind/x-gridway-sharng",
                "unknown Gridway keyword"
            ),
            ("/properties/minutes/title", "Minutes", "/properties/minutes/title", "should be in Chinese"),
            ("/title", "Test visit", "/title", "should be in Chinese"),
            (
                "/x-gridway-aggregates/measures/0/title", "Visits", "/x-gridway-aggregates/measures/0/title",
                "should be in Chinese"
            ),
        ] as [(String, JSONValue, String, String)])
    func warnsAboutLikelyMistakes(_ pointer: String, _ value: JSONValue, _ location: String, _ message: String) {
        let findings = linter.check(
            ContractFixture.bytes(ContractFixture.with(pointer, value)), file: "test-visit@1.json")
        #expect(findings.count == 1, "\(findings.map(\.description))")
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.location.description == location)
        #expect(findings.first?.message.contains(message) == true, "\(findings.map(\.description))")
    }

    @Test func warnsAboutNonCamelCaseFieldNames() {
        let document = ContractFixture.with(
            "/properties/visit_note",
            [
                "title": "备注", "description": "备注", "type": "string", "x-gridway-sharing": "open",
                "x-gridway-pii": "none",
            ])
        let findings = linter.check(ContractFixture.bytes(document), file: "test-visit@1.json")
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.location.description == "/properties/visit_note")
    }

    /// `gridway contract check` places a measure without a title at the measure's line and column,
    /// as it places every other finding.
    @Test func placesAMeasureWithoutATitle() {
        let text = ContractFixture.text.replacingOccurrences(of: #""title": "走访时长", "#, with: "")
        let findings = linter.check(Array(text.utf8), file: "test-visit@1.json")
        #expect(findings.count == 1, "\(findings.map(\.description))")
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.position == JSONSourceMap.Position(line: 27, column: 18))
        #expect(
            findings.first?.description
                == #"test-visit@1.json:27:18: error: the "title" of measure "minutes" must be a non-empty string (at /x-gridway-aggregates/measures/1/title)"#
        )
    }

    @Test func reportsParseErrorPosition() {
        let findings = linter.check(Array("{\n  \"title\": \"x\",\n}".utf8), file: "test-visit@1.json")
        #expect(findings.count == 1)
        #expect(findings.first?.location == .root)
        #expect(findings.first?.message.hasPrefix("not valid JSON:") == true)
        #expect(findings.first?.message.contains("line 3") == true, "\(findings.map(\.description))")
    }

    @Test(arguments: ["test-visit.json", "test-visit@1.yaml", "Test-Visit@1.json", "test-visit@v1.json"])
    func reportsMisnamedFile(_ name: String) {
        let findings = linter.check(ContractFixture.bytes(ContractFixture.document), file: "contracts/\(name)")
        #expect(
            findings.map(\.message) == ["a contract file must be named <id>@<major>.json, e.g. elderly-visit@1.json"])
    }

    @Test func findingDescriptionIsOneLine() {
        let finding = ContractFinding(severity: .error, file: "a@1.json", location: .root, message: "boom")
        #expect(finding.description == "a@1.json:/: error: boom")
    }

    // MARK: - Folders

    @Test func folderAllowsTwoMajorsOfOneID() throws {
        let directory = try ContractTemporaryFolder()
        try directory.write("test-visit@1.json", ContractFixture.bytes(ContractFixture.document))
        try directory.write(
            "test-visit@2.json", ContractFixture.bytes(ContractFixture.with("/x-gridway-version", "2.0.0")))
        #expect(linter.checkDirectory(directory.url).isEmpty)
    }

    @Test func folderRefusesTheSameRefTwice() throws {
        let directory = try ContractTemporaryFolder()
        try directory.write("test-visit@1.json", ContractFixture.bytes(ContractFixture.document))
        try directory.write("test-visit@3.json", ContractFixture.bytes(ContractFixture.document))
        let findings = linter.check(path: directory.url)
        let second = directory.url.appendingPathComponent("test-visit@3.json").path
        #expect(findings.contains { $0.file == second && $0.message.contains("test-visit@1 is already defined in") })
        #expect(
            findings.contains {
                $0.file == second && $0.message.contains("major version 1 does not match the file name")
            })
    }

    @Test func folderChecksTheUnitsFile() throws {
        let directory = try ContractTemporaryFolder()
        try directory.write("test-visit@1.json", ContractFixture.bytes(ContractFixture.document))
        try directory.write(
            "units.json",
            Array(
                #"{"units": [{"code": "21", "name": "辽宁省", "level": "province"}, {"code": "2101", "name": "沈阳市", "level": "district"}]}"#
                    .utf8))
        let findings = linter.checkDirectory(directory.url)
        #expect(findings.map(\.message) == ["unit 2101 is declared district, but a 4-digit code is a city"])
        #expect(findings.first?.file.hasSuffix("units.json") == true)
    }

    @Test func folderReportsUnreadableAndEmptyFolders() throws {
        let missing = linter.checkDirectory(URL(fileURLWithPath: "/nonexistent-gridway-folder"))
        #expect(missing.count == 1 && missing.first?.severity == .error)
        let empty = try ContractTemporaryFolder()
        #expect(linter.check(path: empty.url).map(\.severity) == [.warning])
    }

    @Test func checksASingleFileByPath() throws {
        let directory = try ContractTemporaryFolder()
        try directory.write(
            "test-visit@1.json", ContractFixture.bytes(ContractFixture.with("/x-gridway-period", "fortnight")))
        let findings = linter.check(path: directory.url.appendingPathComponent("test-visit@1.json"))
        #expect(findings.map(\.location.description) == ["/x-gridway-period"])
        #expect(linter.checkFile(directory.url.appendingPathComponent("missing@1.json")).map(\.severity) == [.error])
    }

    @Test func checksTheShippedUnitsFileByPath() throws {
        #expect(linter.check(path: ContractTestSupport.unitsFile).isEmpty)
        let directory = try ContractTemporaryFolder()
        try directory.write("units.json", Array(#"{"units": [{"code": "21", "name": "辽宁省"}]}"#.utf8))
        let findings = linter.check(path: directory.url.appendingPathComponent("units.json"))
        #expect(findings.map(\.location.description) == ["/units/0/level"])
    }
}

/// A folder under the temporary directory, removed when the value is deinitialized.
final class ContractTemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-contracts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
