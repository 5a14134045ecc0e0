import Foundation
import GridwayFiles
import OrderedCollections
import Testing

@testable import GridwayCore
@testable import GridwayJSON

/// `x-gridway-element`, `x-gridway-subject` and `x-gridway-within-period` as `gridway contract
/// check` reports them, and the data-element dictionary's own findings.
struct ContractElementLintTests {
    let linter = ContractLinter()

    /// A dictionary for the fixture contract `test-visit@1`.
    static let elements = ElementDictionary(elements: [
        DataElement(
            id: "person.name", title: "姓名", type: .string, format: nil, pii: .name, sharing: .conditional,
            subjectKind: .person),
        DataElement(
            id: "person.idNumber", title: "身份证号", type: .string, format: nil, pii: .idNumber, sharing: .restricted,
            subjectKind: .person),
        DataElement(
            id: "place.name", title: "场所名称", type: .string, format: nil, pii: .none, sharing: .open,
            subjectKind: .place),
        DataElement(
            id: "visit.date", title: "走访日期", type: .string, format: "date", pii: .none, sharing: .open,
            subjectKind: .event),
        DataElement(
            id: "visit.minutes", title: "时长", type: .integer, format: nil, pii: .none, sharing: .open,
            subjectKind: .event),
    ])

    /// The fixture with `kind` carrying `person.idNumber` as the subject, `minutes` and `day` their elements.
    static var annotated: JSONValue {
        var document = ContractFixture.with("/x-gridway-subject", ["person.idNumber"])
        for (pointer, value) in [
            ("/properties/kind/x-gridway-element", "person.idNumber"),
            ("/properties/kind/x-gridway-pii", "id-number"),
            ("/properties/minutes/x-gridway-element", "visit.minutes"),
            ("/properties/day/x-gridway-element", "visit.date"),
            ("/properties/day/x-gridway-within-period", true),
        ] as [(String, JSONValue)] {
            document = replace(document, pointer, value)
        }
        return document
    }

    static func replace(_ document: JSONValue, _ pointer: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var members) = document else { return document }
        var tokens = try! JSONPointer(parsing: pointer).tokens
        let key = tokens.removeFirst()
        if tokens.isEmpty {
            members[key] = value
        } else {
            members[key] = replace(members[key] ?? [:], "/" + tokens.joined(separator: "/"), value)
        }
        return .object(members)
    }

    private func findings(_ edits: [(String, JSONValue?)]) -> [ContractFinding] {
        var document = Self.annotated
        for (pointer, value) in edits { document = Self.replace(document, pointer, value) }
        return linter.check(ContractFixture.bytes(document), file: "test-visit@1.json", elements: Self.elements)
    }

    @Test func theAnnotatedFixturePassesAndReadsItsSubject() throws {
        #expect(findings([]).isEmpty, "\(findings([]).map(\.description))")
        let contract = try Contract(document: Self.annotated, source: "test-visit@1.json", elements: Self.elements)
        #expect(contract.subject?.key.map(\.pointer.description) == ["/kind"])
        #expect(contract.subjectFacts.map(\.element) == ["person.idNumber"])
        #expect(contract.field(at: JSONPointer(tokens: ["day"]))?.isWithinPeriod == true)
    }

    static let errorCases: [(String, [(String, JSONValue?)], String, String)] = [
        (
            "unknown element", [("/properties/day/x-gridway-element", "visit.dat")],
            "/properties/day/x-gridway-element",
            "unknown data element \"visit.dat\""
        ),
        (
            "malformed element id", [("/properties/day/x-gridway-element", 7)], "/properties/day/x-gridway-element",
            "must be a data-element id"
        ),
        (
            "type disagrees", [("/properties/minutes/x-gridway-element", "person.name")],
            "/properties/minutes/x-gridway-element",
            "field \"minutes\" is integer but element \"person.name\" is string"
        ),
        (
            "format disagrees", [("/properties/day/x-gridway-element", "person.name")],
            "/properties/day/x-gridway-element",
            "field \"day\" is string (format date) but element \"person.name\" is string"
        ),
        (
            "subject element unknown", [("/x-gridway-subject", ["person.phone"])], "/x-gridway-subject/0",
            "is not a data element"
        ),
        (
            "subject element on no field", [("/x-gridway-subject", ["person.name"])], "/x-gridway-subject/0",
            "no field references the subject's element \"person.name\""
        ),
        (
            "subject element on an optional field",
            [("/required", ["minutes"])],
            "/x-gridway-subject/0", "must be required"
        ),
        (
            "subject of two kinds", [("/x-gridway-subject", ["person.idNumber", "place.name"])], "/x-gridway-subject",
            "must all describe one person, household, place or org unit"
        ),
        (
            "subject an event element", [("/x-gridway-subject", ["visit.date"])], "/x-gridway-subject",
            "must all describe one person"
        ),
        (
            "subject neither unit, event nor a list", [("/x-gridway-subject", "someone")], "/x-gridway-subject",
            "must be \"unit\", \"event\" or a non-empty list"
        ),
        (
            "within-period on a number", [("/properties/minutes/x-gridway-within-period", true)],
            "/properties/minutes/x-gridway-within-period", "needs a string field with format"
        ),
        (
            "within-period not a boolean", [("/properties/day/x-gridway-within-period", "yes")],
            "/properties/day/x-gridway-within-period", "must be true or false"
        ),
        (
            "within-period without periods", [("/x-gridway-period", "none")], "/properties/day/x-gridway-within-period",
            "\"x-gridway-period\" is \"none\""
        ),
    ]

    @Test(arguments: errorCases)
    func reportsAnError(_ label: String, _ edits: [(String, JSONValue?)], _ location: String, _ message: String) {
        let found = findings(edits)
        let errors = found.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(label): \(found.map(\.description))")
        #expect(errors.first?.location.description == location, "\(label)")
        #expect(errors.first?.message.contains(message) == true, "\(label): \(found.map(\.description))")
        #expect(throws: ContractError.self, "\(label): the catalog refuses it too") {
            var document = Self.annotated
            for (pointer, value) in edits { document = Self.replace(document, pointer, value) }
            _ = try Contract(document: document, source: "test-visit@1.json", elements: Self.elements)
        }
    }

    @Test func warnsAboutAnUndeclaredSubjectAndADisagreeingPIIClass() {
        let found = findings([
            ("/x-gridway-subject", nil), ("/properties/kind/x-gridway-element", "person.name"),
        ])
        #expect(found.map(\.severity) == [.warning, .warning], "\(found.map(\.description))")
        #expect(found.map(\.location) == [.root, JSONPointer(tokens: ["properties", "kind", "x-gridway-element"])])
        #expect(found.first?.message.contains("no \"x-gridway-subject\"") == true)
    }

    @Test func findingsNameTheLineAndColumnOfTheKeyword() throws {
        let folder = try ContractTemporaryFolder()
        try folder.write(
            "elements.json",
            Array(
                #"""
                {
                  "elements": {
                    "visit.date": {"title": "走访日期", "type": "string", "format": "date", "pii": "none", "sharing": "open", "subject": "event"},
                    "person.name": {"title": "姓名", "type": "strng", "pii": "name", "sharing": "open", "subject": "person"},
                    "Person": {"title": "人", "type": "object", "pii": "none", "sharing": "open", "subject": "person", "colour": "red"}
                  }
                }
                """#.utf8))
        var text = String(
            decoding: ContractFixture.bytes(ContractFixture.with("/x-gridway-subject", "unit")), as: UTF8.self)
        text = text.replacingOccurrences(of: ",\"x-gridway-sharing\"", with: ",\n   \"x-gridway-sharing\"")
        text = text.replacingOccurrences(
            of: "\"format\":\"date\",", with: "\"format\":\"date\",\n      \"x-gridway-element\": \"visit.dat\",")
        try folder.write("test-visit@1.json", Array(text.utf8))
        let found = linter.check(path: folder.url).map(\.description)
        let contractFile = folder.url.appendingPathComponent("test-visit@1.json").path
        let elementsFile = folder.url.appendingPathComponent("elements.json").path
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("visit.dat\"") }) + 1
        #expect(
            found.contains(
                "\(contractFile):\(line):7: error: unknown data element \"visit.dat\": define it in elements.json (at /properties/day/x-gridway-element)"
            ), "\(found)")
        #expect(
            found.contains(
                "\(elementsFile):4:36: error: \"type\" must be one of string, integer, number, boolean, object or array (at /elements/person.name/type)"
            ),
            "\(found)")
        #expect(
            found.contains { $0.hasPrefix("\(elementsFile):5:5: error: element id \"Person\" must be") }, "\(found)")
        #expect(
            found.contains { $0.hasPrefix("\(elementsFile):5:103: warning: unknown element key \"colour\"") },
            "\(found)")
        #expect(throws: ContractCatalogError.self) { try ContractCatalog.load(directory: folder.url) }
    }

    @Test func theSourceMapPlacesMembersAtTheirKeysAndElementsAtTheirValues() throws {
        let map = JSONSourceMap(Array("{\"a\": [1,\n  {\"b\\u0022\": true}],\n \"名\": \"x\"}".utf8))
        #expect(map.position(of: .root) == JSONSourceMap.Position(line: 1, column: 1))
        #expect(map.position(of: JSONPointer(tokens: ["a"])) == JSONSourceMap.Position(line: 1, column: 2))
        #expect(map.position(of: JSONPointer(tokens: ["a", "1"])) == JSONSourceMap.Position(line: 2, column: 3))
        #expect(map.position(of: JSONPointer(tokens: ["a", "1", "b\""])) == JSONSourceMap.Position(line: 2, column: 4))
        #expect(map.position(of: JSONPointer(tokens: ["名"])) == JSONSourceMap.Position(line: 3, column: 2))
        #expect(
            map.position(of: JSONPointer(tokens: ["a", "1", "missing"])) == JSONSourceMap.Position(line: 2, column: 3))
    }
}
