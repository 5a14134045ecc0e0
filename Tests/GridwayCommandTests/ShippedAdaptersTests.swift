import Foundation
import GridwayTestSupport
import Testing

/// Every adapter shipped in `adapters/` passes `gridway adapter check` and `gridway adapter test`,
/// has a README, and has fixtures covering a success and, for capabilities that send, a retry and a
/// permanent refusal. A new folder is picked up without touching this file.
@Suite(.timeLimit(.minutes(5))) struct ShippedAdaptersTests {
    static let adaptersDirectory = GatewayProcess.repositoryRoot.appendingPathComponent("adapters")
    static let contracts = GatewayProcess.repositoryRoot.appendingPathComponent("contracts").path

    /// The absolute path of an adapter folder, so the child process finds it from any working directory.
    static func path(of name: String) -> String { adaptersDirectory.appendingPathComponent(name).path }

    /// The adapter folders, by name.
    static let folders: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: adaptersDirectory.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = adaptersDirectory.appendingPathComponent(name).path
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }()

    /// The adapter folders whose fixtures `gridway adapter test` runs: all but remote adapters, whose
    /// tests run against their own service (`grid-ledger-python`: `python3 -m unittest`, and
    /// PythonRemoteAdapterTests against a running Gridway).
    static let offlineTested: [String] = folders.filter { name in
        let manifest = adaptersDirectory.appendingPathComponent(name).appendingPathComponent("adapter.yaml")
        let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
        return !text.split(separator: "\n").contains("kind: remote")
    }

    /// The examples the adapters issues ask for: JSON, XML (SOAP 1.1 and 1.2) and form upstreams, a
    /// pinyin grassroots app, a CSV export, a compiled-in Swift adapter and a remote adapter in Python.
    static let required = [
        "civil-affairs-elderly", "health-commission-visits", "grid-management-centre", "legacy-community-app",
        "statistics-bureau-population", "street-safety-legacy", "fire-rescue-inspections", "grid-ledger-python",
    ]

    @Test func theRequiredExamplesAreShipped() {
        #expect(
            Set(Self.required).isSubset(of: Self.folders),
            "missing: \(Set(Self.required).subtracting(Self.folders).sorted())")
    }

    @Test(arguments: folders) func adapterCheckReportsNoErrors(_ name: String) async throws {
        let result = try await GatewayProcess.run([
            "adapter", "check", Self.path(of: name), "--contracts", Self.contracts,
        ])
        #expect(result.status == 0, "gridway adapter check adapters/\(name):\n\(result.output)")
        #expect(result.output.contains("ok: no errors"), "\(result.output)")
    }

    @Test(arguments: offlineTested) func adapterTestPassesEveryFixture(_ name: String) async throws {
        let fixtures = try Self.fixtureTexts(of: name)
        try #require(
            !fixtures.isEmpty, "adapters/\(name)/fixtures has no fixtures; every shipped adapter is tested offline")
        let result = try await GatewayProcess.run([
            "adapter", "test", Self.path(of: name), "--contracts", Self.contracts,
        ])
        #expect(result.status == 0, "gridway adapter test adapters/\(name):\n\(result.output)")
        #expect(result.output.contains("\(fixtures.count) passed, 0 failed"), "\(result.output)")
    }

    @Test(arguments: offlineTested) func fixturesCoverSuccessRetryAndRefusal(_ name: String) throws {
        let outcomes = Set(try Self.fixtureTexts(of: name).flatMap(Self.expectedOutcomes))
        #expect(
            !outcomes.isDisjoint(with: ["delivered", "records", "submissions"]),
            "adapters/\(name) has no fixture of a success")
        if !outcomes.isDisjoint(with: ["delivered", "retry", "rejected"]) {
            #expect(outcomes.contains("retry"), "adapters/\(name) has no fixture of a retryable failure")
            #expect(outcomes.contains("rejected"), "adapters/\(name) has no fixture of a permanent refusal")
        }
    }

    @Test(arguments: folders) func everyAdapterHasAReadme(_ name: String) throws {
        let readme = Self.adaptersDirectory.appendingPathComponent(name).appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let command = Self.offlineTested.contains(name) ? "test" : "check"
        #expect(text.contains("gridway adapter \(command) adapters/\(name)"), "the README says how to test the adapter")
    }

    /// The text of every fixture file of an adapter.
    static func fixtureTexts(of name: String) throws -> [String] {
        let directory = adaptersDirectory.appendingPathComponent(name).appendingPathComponent("fixtures")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }.sorted().map {
            try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// What a fixture's `expect:` asks for: the `outcome:` value, or `records`, `submissions` or
    /// `error`, read from the members of the top-level `expect:` block.
    static func expectedOutcomes(_ fixture: String) -> [String] {
        let lines = fixture.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("expect:") }) else { return [] }
        let block = lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
        let indent = block.first?.prefix { $0 == " " }.count ?? 0
        return block.filter { $0.prefix { $0 == " " }.count == indent }.compactMap { line in
            let member = line.trimmingCharacters(in: .whitespaces)
            if member.hasPrefix("outcome:") {
                return member.dropFirst("outcome:".count).trimmingCharacters(in: .whitespaces)
            }
            return ["records:", "submissions:", "error:"].first { member.hasPrefix($0) }.map { String($0.dropLast()) }
        }
    }
}
