import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayCore

/// `x-gridway-enum-titles` on integer and boolean enums, keyed by the values' canonical JSON text.
@Suite struct ContractEnumTitleTests {
    private let linter = ContractLinter()

    /// The fixture contract with an optional field `level` of this schema (plus title and metadata).
    private static func field(_ schema: JSONValue) -> JSONValue {
        var members = schema.objectValue ?? [:]
        members["title"] = "等级"
        members["description"] = "健康等级"
        members["x-gridway-sharing"] = "open"
        members["x-gridway-pii"] = "none"
        return ContractFixture.with("/properties/level", .object(members))
    }

    private static let integerLevel: JSONValue = [
        "type": "integer", "enum": [1, 2, 3], "x-gridway-enum-titles": ["1": "健康", "2": "基本健康", "3": "不健康"],
    ]

    @Test func integerEnumTitlesAreReadByTheValuesText() throws {
        let document = Self.field(Self.integerLevel)
        #expect(linter.check(ContractFixture.bytes(document), file: "test-visit@1.json").isEmpty)
        let contract = try Contract(document: document, source: "inline")
        let level = try #require(contract.field(at: try JSONPointer(parsing: "/level")))
        #expect(level.enumTitles == ["1": "健康", "2": "基本健康", "3": "不健康"])
        #expect(level.allowedValues.map { $0.map { level.enumTitles[$0.enumTitleKey] } } == ["健康", "基本健康", "不健康"])
    }

    @Test func booleanEnumTitlesNeedNoEnum() throws {
        let document = Self.field(["type": "boolean", "x-gridway-enum-titles": ["true": "是", "false": "否"]])
        #expect(linter.check(ContractFixture.bytes(document), file: "test-visit@1.json").isEmpty)
    }

    @Test(
        arguments: [
            (["1": "健康", "2": "基本健康", "4": "危重"] as JSONValue, "no label for 3; labels for values not in the enum: 4"),
            (["1": "健康", "2": "基本健康", "3": "不健康", "1.0": "健康"], "labels for values not in the enum: 1.0"),
        ] as [(JSONValue, String)])
    func aKeyThatIsNotAnEnumValueIsReported(titles: JSONValue, problem: String) {
        var schema = Self.integerLevel.objectValue ?? [:]
        schema["x-gridway-enum-titles"] = titles
        let findings = linter.check(ContractFixture.bytes(Self.field(.object(schema))), file: "test-visit@1.json")
        #expect(
            findings.map {
                ContractFinding(severity: $0.severity, file: $0.file, location: $0.location, message: $0.message)
                    .description
            } == [
                "test-visit@1.json:/properties/level/x-gridway-enum-titles: warning: \"x-gridway-enum-titles\" does not match the enum: \(problem)"
            ], "\(findings.map(\.description))")
    }

    @Test(arguments: [
        (JSONValue.string("home"), "home"), (1, "1"), (-2, "-2"), (true, "true"), (false, "false"), (2.5, "2.5"),
        (.null, "null"),
    ])
    func enumTitleKeysAreCanonicalText(value: JSONValue, key: String) {
        #expect(value.enumTitleKey == key)
    }
}
