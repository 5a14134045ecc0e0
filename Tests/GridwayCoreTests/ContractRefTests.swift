import Foundation
import Testing

@testable import GridwayCore

struct ContractRefTests {
    @Test(arguments: [
        ("elderly-visit@1", "elderly-visit", 1),
        ("grid-incident@12", "grid-incident", 12),
        ("a@0", "a", 0),
        ("safety2-inspection@3", "safety2-inspection", 3),
    ])
    func parsesValidRef(_ text: String, _ id: String, _ major: Int) throws {
        let ref = try ContractRef(parsing: text)
        #expect(ref.id == id)
        #expect(ref.major == major)
        #expect(ref.description == text)
        #expect(try ContractRef(id: id, major: major) == ref)
    }

    @Test(arguments: [
        "elderly-visit", "elderly-visit@", "@1", "elderly-visit@01", "elderly-visit@1.0", "elderly-visit@-1",
        "Elderly-visit@1", "elderly_visit@1", "elderly--visit@1", "elderly-visit-@1", "-elderly@1", "1visit@1",
        "elderly-visit@1@2", "走访@1", "elderly-visit@１",
    ])
    func refusesInvalidRef(_ text: String) {
        #expect(throws: ContractRefError.self) { try ContractRef(parsing: text) }
    }

    @Test func refusesInvalidParts() {
        #expect(throws: ContractRefError.self) { try ContractRef(id: "elderly-visit", major: -1) }
        #expect(throws: ContractRefError.self) { try ContractRef(id: "ElderlyVisit", major: 1) }
        #expect(!ContractRef.isValidID(String(repeating: "a", count: 65)))
    }

    @Test func errorNamesTheRef() {
        #expect(
            throws: ContractRefError(
                text: "visit@01", reason: "the major version must be a number without leading zeros")
        ) {
            try ContractRef(parsing: "visit@01")
        }
    }

    @Test func ordersByIDThenMajor() throws {
        let refs = try ["grid-incident@1", "elderly-visit@2", "elderly-visit@10", "elderly-visit@1"].map(
            ContractRef.init(parsing:))
        #expect(
            refs.sorted().map(\.description) == [
                "elderly-visit@1", "elderly-visit@2", "elderly-visit@10", "grid-incident@1",
            ])
    }

    @Test func codesAsString() throws {
        let ref = try ContractRef(parsing: "elderly-visit@1")
        let data = try JSONEncoder().encode([ref])
        #expect(String(decoding: data, as: UTF8.self) == #"["elderly-visit@1"]"#)
        #expect(try JSONDecoder().decode([ContractRef].self, from: data) == [ref])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ContractRef].self, from: Data(#"["x@y"]"#.utf8))
        }
    }

    @Test func parsesSemanticVersions() throws {
        let version = try #require(SemanticVersion(parsing: "1.12.0"))
        #expect((version.major, version.minor, version.patch) == (1, 12, 0))
        #expect(version.description == "1.12.0")
        #expect(try #require(SemanticVersion(parsing: "1.2.3")) < version)
        for text in ["1.0", "1.0.0.0", "01.0.0", "1.0.0-beta", "v1.0.0", "1..0", ""] {
            #expect(SemanticVersion(parsing: text) == nil, "\(text)")
        }
        #expect(SemanticVersion(major: 1, minor: -1, patch: 0) == nil)
    }
}
