import Foundation
import GridwayJSON
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct FixtureScaffoldTests {
    /// Every body format with every capability, for every shipped contract.
    static let kinds = BodyFormat.allCases.flatMap { format in AdapterCapability.allCases.map { (format, $0) } }

    @Test(arguments: kinds, ["elderly-visit@1", "grid-incident@1", "population-change@1", "safety-inspection@1"])
    func aScaffoldChecksAndPassesItsFixture(kind: (BodyFormat, AdapterCapability), ref: String) async throws {
        let (format, capability) = kind
        let contract = try #require(DeclarativeTesting.catalog.contract(try ContractRef(parsing: ref)))
        let scaffold = try AdapterScaffold(
            id: "new-system", contract: contract, format: format, capability: capability)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try scaffold.write(into: root)
        let manifest = try AdapterManifest(folder: folder)
        #expect(manifest.warnings.isEmpty, "\(manifest.warnings)")
        #expect(manifest.check(against: DeclarativeTesting.catalog).isEmpty)
        let (fixtures, problems) = Fixture.load(adapterFolder: folder)
        #expect(problems.isEmpty, "\(problems)")
        #expect(fixtures.count == 1)
        let written = try String(contentsOf: folder.appendingPathComponent(scaffold.fixturePath), encoding: .utf8)
        if capability != .notify {
            for field in contract.fields where field.sharing == .open && field.isRequired && field.type != .array {
                #expect(written.contains("\(field.name):"), "\(field.name) is not in the fixture:\n\(written)")
            }
        }
        for fixture in fixtures {
            let result = await FixtureRunner(manifest: manifest).run(fixture)
            #expect(result.passed, "\(result.mismatches)\n\(written)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path))
        #expect(throws: ManifestError.self) { try scaffold.write(into: root) }
    }

    @Test func badIdsAreRefused() throws {
        let contract = try #require(DeclarativeTesting.catalog.contracts.first)
        #expect(throws: ManifestError.self) { try AdapterScaffold(id: "New_System", contract: contract, format: .json) }
    }

    @Test(arguments: [
        ("plain", "plain"), ("0025", "\"0025\""), ("true", "\"true\""), ("12", "\"12\""), ("a: b", "\"a: b\""),
        ("王桂兰", "王桂兰"),
        ("2026-11-05", "2026-11-05"), ("", "\"\""), ("#x", "\"#x\""), ("$.data", "\"$.data\""),
    ])
    func yamlScalarsReadBackAsTheSameString(text: String, written: String) throws {
        #expect(YAMLText.scalar(text) == written)
        let node = try #require(try YAMLNode.compose("v: \(written)", file: "t"))
        #expect(node.jsonValue == ["v": .string(text)])
    }
}
