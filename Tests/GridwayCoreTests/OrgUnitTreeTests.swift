import Foundation
import GridwayFiles
import GridwayJSON
import Testing

@testable import GridwayCore

struct OrgUnitTreeTests {
    /// A small tree: province › city › district › two streets › communities › grids.
    static let sample: [OrgUnit] = [
        OrgUnit(code: "21", name: "辽宁省", level: .province),
        OrgUnit(code: "2101", name: "沈阳市", level: .city),
        OrgUnit(code: "210102", name: "和平区", level: .district),
        OrgUnit(code: "210102001", name: "太原街街道", level: .street),
        OrgUnit(code: "210102001001", name: "北京街社区", level: .community),
        OrgUnit(code: "210102001001001", name: "北京街社区第一网格", level: .grid),
        OrgUnit(code: "210102001001002", name: "北京街社区第二网格", level: .grid),
        OrgUnit(code: "210102001002", name: "中华路社区", level: .community),
        OrgUnit(code: "210102002", name: "南市场街道", level: .street),
        OrgUnit(code: "210102002001", name: "南市社区", level: .community),
    ]

    @Test func answersQueries() throws {
        let tree = try OrgUnitTree(units: Self.sample)
        #expect(tree.root.code == "21")
        #expect(tree.units.count == 10)
        #expect(tree.unit("210102001")?.name == "太原街街道")
        #expect(tree.unit("210102003") == nil)
        #expect(tree.contains("210102001001002"))
        #expect(!tree.contains("2101020010010"))
        #expect(tree.parent(of: "210102001001002")?.code == "210102001001")
        #expect(tree.parent(of: "21") == nil)
        #expect(tree.parent(of: "99") == nil)
        #expect(
            tree.ancestors(of: "210102001001002").map(\.code) == ["210102001001", "210102001", "210102", "2101", "21"])
        #expect(tree.ancestors(of: "21").isEmpty)
        #expect(tree.children(of: "210102").map(\.code) == ["210102001", "210102002"])
        #expect(tree.children(of: "210102001").map(\.code) == ["210102001001", "210102001002"])
        #expect(tree.children(of: "210102001001001").isEmpty)
        #expect(tree.children(of: "nope").isEmpty)
        #expect(
            tree.descendants(of: "210102001").map(\.code) == [
                "210102001001", "210102001001001", "210102001001002", "210102001002",
            ])
        #expect(tree.descendants(of: "21").count == 9)
        #expect(tree.descendants(of: "210102002001").isEmpty)
    }

    @Test func subtreeMembership() throws {
        let tree = try OrgUnitTree(units: Self.sample)
        #expect(tree.isInSubtree("210102001001001", of: "210102001"))
        #expect(tree.isInSubtree("210102001", of: "210102001"))
        #expect(tree.isInSubtree("210102002001", of: "21"))
        #expect(!tree.isInSubtree("210102002001", of: "210102001"))
        #expect(!tree.isInSubtree("210102001", of: "210102001001"))
        #expect(!tree.isInSubtree("210102001003", of: "210102001"), "unknown unit")
        #expect(!tree.isInSubtree("210102001001", of: "2101020"), "unknown root")
    }

    @Test func childrenNeedNotFollowTheirParentInTheList() throws {
        let units = [Self.sample[2], Self.sample[4], Self.sample[3], Self.sample[8]]
        let tree = try OrgUnitTree(units: units)
        #expect(tree.root.code == "210102")
        #expect(tree.children(of: "210102").map(\.code) == ["210102001", "210102002"])
        #expect(tree.ancestors(of: "210102001001").map(\.code) == ["210102001", "210102"])
    }

    /// A broken unit list and the error it must raise.
    struct BrokenCase: Sendable, CustomTestStringConvertible {
        let label: String
        let units: [OrgUnit]
        let error: OrgUnitTreeError
        var testDescription: String { label }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase(label: "empty", units: [], error: .empty),
        BrokenCase(
            label: "letters in code",
            units: [
                OrgUnit(code: "21", name: "辽宁省", level: .province), OrgUnit(code: "21A1", name: "沈阳市", level: .city),
            ],
            error: .nonDigitCode("21A1")),
        BrokenCase(
            label: "full-width digits", units: [OrgUnit(code: "２１", name: "辽宁省", level: .province)],
            error: .nonDigitCode("２１")),
        BrokenCase(
            label: "bad length",
            units: [
                OrgUnit(code: "21", name: "辽宁省", level: .province), OrgUnit(code: "21010", name: "?", level: .city),
            ],
            error: .invalidCodeLength("21010")),
        BrokenCase(
            label: "level mismatch", units: [OrgUnit(code: "2101", name: "沈阳市", level: .district)],
            error: .levelMismatch(code: "2101", level: .district, expected: .city)),
        BrokenCase(
            label: "empty name", units: [OrgUnit(code: "21", name: " ", level: .province)],
            error: .emptyName(code: "21")),
        BrokenCase(
            label: "duplicate", units: [sample[0], sample[1], OrgUnit(code: "2101", name: "沈阳", level: .city)],
            error: .duplicateCode("2101")),
        BrokenCase(
            label: "missing parent", units: [sample[0], sample[1], sample[3]],
            error: .missingParent(code: "210102001", parent: "210102")),
        BrokenCase(
            label: "second province", units: [sample[0], OrgUnit(code: "22", name: "吉林省", level: .province)],
            error: .secondRoot(code: "22", root: "21")),
        BrokenCase(
            label: "sibling of a non-province root",
            units: [sample[2], OrgUnit(code: "210103", name: "沈河区", level: .district)],
            error: .missingParent(code: "210103", parent: "2101")),
    ]

    @Test(arguments: brokenCases)
    func refusesBrokenUnitList(_ broken: BrokenCase) {
        #expect(throws: broken.error) { try OrgUnitTree(units: broken.units) }
    }

    @Test func decodesTheDocumentShape() throws {
        let document = try JSONValue(parsing: #"{"units": [{"code": "21", "name": "辽宁省", "level": "province"}]}"#)
        #expect(try OrgUnitTree(json: document).root == OrgUnit(code: "21", name: "辽宁省", level: .province))
    }

    @Test(arguments: [
        (#"[]"#, ""),
        (#"{"units": [1]}"#, "/units/0"),
        (#"{"units": [{"code": 21, "name": "辽宁省", "level": "province"}]}"#, "/units/0/code"),
        (#"{"units": [{"code": "21", "level": "province"}]}"#, "/units/0/name"),
        (#"{"units": [{"code": "21", "name": "辽宁省", "level": "state"}]}"#, "/units/0/level"),
    ])
    func refusesMalformedDocument(_ text: String, _ location: String) throws {
        let document = try JSONValue(parsing: text)
        #expect {
            try OrgUnitTree(json: document)
        } throws: { error in
            guard case .malformedDocument(let at, _) = error as? OrgUnitTreeError else { return false }
            return at.description == location
        }
    }

    @Test func errorsExplainThemselves() {
        #expect(
            OrgUnitTreeError.missingParent(code: "210102001", parent: "210102").description
                == "unit 210102001 has no parent: 210102 is not listed")
        #expect(
            OrgUnitTreeError.levelMismatch(code: "2101", level: .district, expected: .city).description
                == "unit 2101 is declared district, but a 4-digit code is a city")
    }

    @Test func levelsKnowTheirCodeLengths() {
        #expect(OrgUnitLevel.allCases.map(\.codeLength) == [2, 4, 6, 9, 12, 15])
        #expect(OrgUnitLevel(codeLength: 9) == .street)
        #expect(OrgUnitLevel(codeLength: 3) == nil)
        #expect(OrgUnitLevel.grid.parent == .community)
        #expect(OrgUnitLevel.province.parent == nil)
        #expect(OrgUnitLevel.city < .grid)
        #expect(OrgUnit(code: "210102001001001", name: "", level: .grid).parentCode == "210102001001")
        #expect(OrgUnit(code: "21", name: "", level: .province).parentCode == nil)
    }

    @Test func loadsTheShippedHepingDistrictTree() throws {
        let tree = try OrgUnitTree.load(contentsOf: ContractTestSupport.unitsFile)
        #expect(tree.root.code == "21")
        #expect(tree.unit("210102")?.name == "和平区")
        let streets = tree.children(of: "210102")
        #expect((4...6).contains(streets.count))
        #expect(streets.allSatisfy { $0.level == .street && $0.name.hasSuffix("街道") })
        for street in streets {
            let communities = tree.children(of: street.code)
            #expect((2...4).contains(communities.count), "\(street.name)")
            for community in communities {
                #expect(community.level == .community)
                let grids = tree.children(of: community.code)
                #expect((2...3).contains(grids.count), "\(community.name)")
                #expect(grids.allSatisfy { $0.level == .grid && tree.descendants(of: $0.code).isEmpty })
            }
        }
        #expect(tree.descendants(of: "21").count == tree.units.count - 1)
    }

    @Test func loadReportsUnreadableAndInvalidFiles() throws {
        let missing = ContractTestSupport.contractsDirectory.appendingPathComponent("no-such-units.json")
        #expect {
            try OrgUnitTree.load(contentsOf: missing)
        } throws: { error in
            guard case .unreadable(let cause) = error as? OrgUnitTreeError else { return false }
            return cause.path == missing.path
        }
        let notJSON = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString).json")
        try Data("{\"units\": [".utf8).write(to: notJSON)
        defer { try? FileManager.default.removeItem(at: notJSON) }
        #expect {
            try OrgUnitTree.load(contentsOf: notJSON)
        } throws: { error in
            guard case .invalidJSON = error as? OrgUnitTreeError else { return false }
            return true
        }
    }
}
