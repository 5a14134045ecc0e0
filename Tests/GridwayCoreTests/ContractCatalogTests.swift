import Foundation
import GridwayFiles
import GridwayJSON
import Testing

@testable import GridwayCore

/// Paths into the repository for tests that read the shipped `contracts/` folder.
enum ContractTestSupport {
    /// The repository root, found from this file's path (`<root>/Tests/GridwayCoreTests/…`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped contracts folder.
    static let contractsDirectory = repositoryRoot.appendingPathComponent("contracts", isDirectory: true)

    /// The shipped org-unit tree file.
    static let unitsFile = contractsDirectory.appendingPathComponent("units.json")
}

struct ContractCatalogTests {
    @Test func loadsTheShippedContracts() throws {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        #expect(
            catalog.contracts.map(\.ref.description) == [
                "elderly-visit@1", "grid-incident@1", "population-change@1", "safety-inspection@1",
            ])
        #expect(catalog.ids == ["elderly-visit", "grid-incident", "population-change", "safety-inspection"])
        let ref = try ContractRef(parsing: "grid-incident@1")
        #expect(catalog.contract(ref)?.title == "网格事件上报")
        #expect(catalog.contract(try ContractRef(parsing: "grid-incident@2")) == nil)
        #expect(catalog.versions(of: "elderly-visit").map(\.ref.major) == [1])
        #expect(catalog.versions(of: "unknown").isEmpty)
    }

    @Test func keepsSeveralMajorsOfOneID() throws {
        let folder = try ContractTemporaryFolder()
        try folder.write(
            "test-visit@2.json", ContractFixture.bytes(ContractFixture.with("/x-gridway-version", "2.1.0")))
        try folder.write("test-visit@1.json", ContractFixture.bytes(ContractFixture.document))
        try folder.write("units.json", Array("not even JSON".utf8))
        try folder.write("README.md", Array("# not a contract".utf8))
        let catalog = try ContractCatalog.load(directory: folder.url)
        #expect(catalog.versions(of: "test-visit").map(\.version.description) == ["1.2.0", "2.1.0"])
        #expect(catalog.contract(try ContractRef(parsing: "test-visit@2"))?.version.minor == 1)
    }

    @Test func refusesDuplicateRefs() throws {
        let first = try Contract(document: ContractFixture.document, source: "a.json")
        let second = try Contract(document: ContractFixture.with("/x-gridway-version", "1.3.0"), source: "b.json")
        #expect(throws: ContractCatalogError.duplicate(first.ref, first: "a.json", second: "b.json")) {
            try ContractCatalog(contracts: [first, second])
        }
    }

    @Test func refusesAMisnamedFile() throws {
        let folder = try ContractTemporaryFolder()
        try folder.write("test-visit@2.json", ContractFixture.bytes(ContractFixture.document))
        let path = folder.url.appendingPathComponent("test-visit@2.json").path
        #expect(
            throws: ContractCatalogError.fileNameMismatch(file: path, ref: try ContractRef(parsing: "test-visit@1"))
        ) {
            try ContractCatalog.load(directory: folder.url)
        }
    }

    @Test func refusesInvalidFiles() throws {
        let folder = try ContractTemporaryFolder()
        try folder.write("test-visit@1.json", Array("{".utf8))
        #expect {
            try ContractCatalog.load(directory: folder.url)
        } throws: { error in
            guard case .invalidJSON(let file, _) = error as? ContractCatalogError else { return false }
            return file.hasSuffix("test-visit@1.json")
        }
        try folder.write("test-visit@1.json", ContractFixture.bytes(ContractFixture.with("/x-gridway-period", nil)))
        #expect {
            try ContractCatalog.load(directory: folder.url)
        } throws: { error in
            guard case .invalidContract(let contractError) = error as? ContractCatalogError else { return false }
            return contractError.findings.map(\.location.description) == ["/x-gridway-period"]
        }
        #expect {
            try ContractCatalog.load(directory: folder.url.appendingPathComponent("missing"))
        } throws: { error in
            guard case .unreadable = error as? ContractCatalogError else { return false }
            return true
        }
    }
}
