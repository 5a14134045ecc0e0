import Foundation
import GridwayFiles
import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayCore

struct ContractTests {
    /// The shipped contract `ref`.
    static func shipped(_ ref: String) throws -> Contract {
        let file = ContractTestSupport.contractsDirectory.appendingPathComponent("\(ref).json")
        return try Contract(
            document: JSONValue(parsing: CatalogFiles.read(file)), source: file.path,
            elements: ContractCatalog.loadElements(directory: ContractTestSupport.contractsDirectory))
    }

    static let shippedRefs = ["elderly-visit@1", "grid-incident@1", "population-change@1", "safety-inspection@1"]

    @Test(arguments: shippedRefs)
    func shippedExamplesAreValid(_ ref: String) throws {
        let contract = try Self.shipped(ref)
        let examples = try #require(contract.schema["examples"]?.arrayValue)
        #expect(!examples.isEmpty)
        for (index, example) in examples.enumerated() {
            let errors = contract.validate(example)
            #expect(errors.isEmpty, "example \(index): \(errors.map(\.description))")
        }
    }

    @Test(arguments: shippedRefs)
    func shippedInvalidExamplesFailAtTheListedLocations(_ ref: String) throws {
        let contract = try Self.shipped(ref)
        let invalid = try #require(contract.schema["x-gridway-invalid-examples"]?.arrayValue)
        #expect(!invalid.isEmpty)
        for (index, entry) in invalid.enumerated() {
            let instance = try #require(entry["instance"])
            let expected = try Set(
                #require(entry["errors"]?.arrayValue).map { try JSONPointer(parsing: #require($0.stringValue)) })
            let errors = contract.validate(instance)
            #expect(!errors.isEmpty, "invalid example \(index) passes")
            #expect(
                Set(ContractLinter.innermost(errors).map(\.instanceLocation)) == expected,
                "invalid example \(index): \(errors.map(\.description))")
            #expect(Set(errors.map(\.instanceLocation)).isSuperset(of: expected))
        }
    }

    @Test func readsElderlyVisitMetadata() throws {
        let contract = try Self.shipped("elderly-visit@1")
        #expect(contract.ref.description == "elderly-visit@1")
        #expect(contract.version.description == "1.0.0")
        #expect(contract.title == "独居/空巢老人走访记录")
        #expect(contract.periodType == .month)
        #expect(
            contract.fields.map(\.name) == [
                "elderName", "elderIdNumber", "elderPhone", "address", "visitDate", "visitType", "durationMinutes",
                "healthStatus", "needs", "visitor", "notes",
            ])
        let idNumber = try #require(contract.field(at: JSONPointer(parsing: "/elderIdNumber")))
        #expect(
            (idNumber.sharing, idNumber.pii, idNumber.type, idNumber.isRequired) == (
                .restricted, .idNumber, .string, true
            ))
        #expect(idNumber.title == "老人身份证号")
        let phone = try #require(contract.field(at: JSONPointer(parsing: "/elderPhone")))
        #expect(!phone.isRequired)
        let visitType = try #require(contract.field(at: JSONPointer(parsing: "/visitType")))
        #expect(visitType.allowedValues == ["home", "phone", "video", "accompanied"])
        #expect(visitType.enumTitles["home"] == "入户走访")
        let needs = try #require(contract.field(at: JSONPointer(parsing: "/needs")))
        #expect(needs.type == .array && !needs.isEnumerated && needs.enumTitles["meal"] == "助餐")
        #expect(
            contract.measures == [
                AggregateMeasure(name: "visits", title: "走访次数", op: .count, field: nil),
                AggregateMeasure(
                    name: "totalMinutes", title: "走访总时长（分钟）", op: .sum,
                    field: try JSONPointer(parsing: "/durationMinutes")),
                AggregateMeasure(
                    name: "averageMinutes", title: "平均走访时长（分钟）", op: .avg,
                    field: try JSONPointer(parsing: "/durationMinutes")),
                AggregateMeasure(
                    name: "longestMinutes", title: "最长走访时长（分钟）", op: .max,
                    field: try JSONPointer(parsing: "/durationMinutes")),
            ])
        #expect(contract.dimensions.map(\.name) == ["visitType", "healthStatus"])
        #expect(contract.dimensions.map(\.title) == ["走访方式", "健康状况"])
    }

    @Test func nestedFieldsInheritUnlessTheyOverride() throws {
        let contract = try Self.shipped("elderly-visit@1")
        let visitor = try #require(contract.field(at: JSONPointer(parsing: "/visitor")))
        #expect((visitor.sharing, visitor.pii) == (.open, .name))
        let name = try #require(contract.field(at: JSONPointer(parsing: "/visitor/name")))
        #expect((name.sharing, name.pii, name.isRequired, name.title) == (.open, .name, true, "走访人姓名"))
        let phone = try #require(contract.field(at: JSONPointer(parsing: "/visitor/phone")))
        #expect((phone.sharing, phone.pii, phone.isRequired, phone.description) == (.open, .phone, false, ""))

        let inspection = try Self.shipped("safety-inspection@1")
        let hazards = try #require(inspection.field(at: JSONPointer(parsing: "/hazards")))
        #expect(hazards.fields.map(\.name) == ["kind", "description", "rectified", "deadline"])
        #expect(hazards.fields.allSatisfy { $0.sharing == .open && $0.pii == PIIClass.none })
        #expect(
            inspection.field(at: try JSONPointer(parsing: "/hazards/kind")) == nil, "pointers do not go through arrays")
        #expect(try #require(inspection.field(at: JSONPointer(parsing: "/passed"))).allowedValues == [false, true])

        let incident = try Self.shipped("grid-incident@1")
        let latitude = try #require(incident.field(at: JSONPointer(parsing: "/location/latitude")))
        #expect((latitude.sharing, latitude.pii, latitude.type) == (.conditional, .location, .number))
        #expect(incident.field(at: .root) == nil)
        #expect(incident.field(at: try JSONPointer(parsing: "/category/x")) == nil)
    }

    @Test func formatsAreAlwaysAsserted() throws {
        let contract = try Self.shipped("grid-incident@1")
        var example = try #require(contract.schema["examples"]?[0])
        guard case .object(var members) = example else {
            Issue.record("example is not an object")
            return
        }
        members["occurredAt"] = "2026-11-28T25:00:00+08:00"
        example = .object(members)
        #expect(contract.validate(example).map(\.instanceLocation.description).contains("/occurredAt"))
    }

    @Test func periodsFollowThePeriodType() throws {
        let contract = try Self.shipped("population-change@1")
        #expect(try contract.period(for: "2026-11")?.start.description == "2026-11-01")
        #expect(throws: PeriodError.malformed("2026-Q4", .month, detail: nil)) { try contract.period(for: "2026-Q4") }
        #expect(try Self.shipped("safety-inspection@1").periodType == .quarter)
        #expect(try Self.shipped("grid-incident@1").periodType == .day)
    }

    @Test func measuresAndDimensionsReadSubmissions() throws {
        let contract = try Self.shipped("population-change@1")
        let example = try #require(contract.schema["examples"]?[0])
        let values = try contract.measures.map { try $0.value(in: example) }
        #expect(values == [1, 3, 5, 21, 17, 2864, 812, 4377, 1650, 341])
        #expect(contract.dimensions.isEmpty)
        let visits = try Self.shipped("elderly-visit@1")
        let visit = try #require(visits.schema["examples"]?[0])
        #expect(visits.dimensions.map { $0.value(in: visit) } == ["home", "fair"])
        #expect(
            try AggregateMeasure(name: "x", title: "某数", op: .sum, field: try JSONPointer(parsing: "/missing")).value(
                in: visit)
                == nil)
    }

    /// A measured number with more decimal places than a total can hold exactly is refused at the
    /// field; one that fits, or an unmeasured one, passes.
    @Test func measuredValuesMustBeExactlySummable() throws {
        let contract = try Contract(
            document: ContractFixture.with("/properties/minutes/type", "number"), source: "inline")
        let tooFine = contract.validate(["minutes": 1.0000000001, "kind": "home"])
        #expect(tooFine.map(\.instanceLocation.description) == ["/minutes"])
        #expect(tooFine.first?.keywordLocation.description == "/x-gridway-aggregates/measures/1")
        #expect(tooFine.first?.message.contains("at most 9 decimal places") == true)
        #expect(contract.validate(["minutes": 1.000000001, "kind": "home"]).isEmpty)
        #expect(contract.validate(["minutes": 30, "kind": "home"]).isEmpty)
    }

    @Test func initCollectsEveryErrorFinding() {
        var document = ContractFixture.with("/x-gridway-period", "weekly")
        document = replacing(document, key: "x-gridway-version", with: "one")
        #expect {
            try Contract(document: document, source: "inline")
        } throws: { error in
            guard let error = error as? ContractError else { return false }
            return error.source == "inline"
                && error.findings.map(\.location.description) == ["/x-gridway-version", "/x-gridway-period"]
                && error.findings.allSatisfy { $0.severity == .error && $0.file == "inline" }
                && error.description.hasPrefix("invalid contract inline:\n  inline:/x-gridway-version: error:")
        }
    }

    @Test func initIgnoresWarnings() throws {
        let contract = try Contract(document: ContractFixture.with("/title", "Test visit"), source: "inline")
        #expect(contract.title == "Test visit")
        #expect(contract.source == "inline")
    }

    @Test func initRefusesASchemaThatDoesNotCompile() {
        let document = ContractFixture.with("/properties/minutes/pattern", "([")
        #expect(throws: ContractError.self) { try Contract(document: document, source: "inline") }
    }

    @Test(arguments: [JSONValue.array([]), .string("contract"), .null])
    func initRefusesNonObjects(_ document: JSONValue) {
        #expect(
            throws: ContractError(
                source: "x",
                findings: [
                    ContractFinding(
                        severity: .error, file: "x", location: .root, message: "a contract must be a JSON object")
                ])
        ) {
            try Contract(document: document, source: "x")
        }
    }

    @Test func fieldsResolveThroughLocalReferences() throws {
        var document = ContractFixture.with("/$defs", ["minutes": ["type": "integer", "minimum": 1, "maximum": 600]])
        document = replacing(document, key: "properties", with: nil)
        let properties: JSONValue = [
            "minutes": [
                "$ref": "#/$defs/minutes", "title": "时长", "description": "分钟数", "x-gridway-sharing": "open",
                "x-gridway-pii": "none",
            ],
            "kind": ContractFixture.document["properties"]!["kind"]!,
        ]
        document = replacing(document, key: "properties", with: properties)
        document = replacing(
            document, key: "x-gridway-invalid-examples",
            with: [["reason": "0", "instance": ["minutes": 0, "kind": "home"], "errors": ["/minutes"]]])
        document = replacing(document, key: "examples", with: [["minutes": 1, "kind": "home"]])
        let contract = try Contract(document: document, source: "inline")
        #expect(contract.field(at: try JSONPointer(parsing: "/minutes"))?.type == .integer)
        #expect(contract.measures.last?.field?.description == "/minutes")
        #expect(ContractLinter().check(ContractFixture.bytes(document), file: "test-visit@1.json").isEmpty)
    }

    private func replacing(_ document: JSONValue, key: String, with value: JSONValue?) -> JSONValue {
        guard case .object(var members) = document else { return document }
        if let value { members[key] = value } else { members.removeValue(forKey: key) }
        return .object(members)
    }
}
