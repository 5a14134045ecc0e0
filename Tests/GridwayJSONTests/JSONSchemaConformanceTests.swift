import Foundation
import GridwayJSON
import Testing

/// The official JSON-Schema-Test-Suite for draft 2020-12, found under the shared folder
/// (`$GRIDWAY_SHARED`, else `../shared` next to the package root).
enum JSONSchemaTestSuite {
    /// The suite folder, or `nil` when it is not available on this machine.
    static let directory: URL? = {
        let shared: URL
        if let environment = ProcessInfo.processInfo.environment["GRIDWAY_SHARED"], !environment.isEmpty {
            shared = URL(fileURLWithPath: environment)
        } else {
            // #filePath is <package>/Tests/GridwayCoreTests/<file>.swift.
            shared = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared")
        }
        let suite = shared.appendingPathComponent("conformance/json-schema-test-suite")
        let tests = suite.appendingPathComponent("tests/draft2020-12").path
        return FileManager.default.fileExists(atPath: tests) ? suite : nil
    }()

    static var isAvailable: Bool { directory != nil }

    /// The optional format files run with format assertion on.
    static let assertedFormats = ["date", "date-time", "time", "email", "ipv4", "ipv6", "uuid", "uri", "duration"]

    /// Every test file to run, relative to `tests/draft2020-12`.
    static let files: [String] = {
        guard let directory else { return [] }
        let tests = directory.appendingPathComponent("tests/draft2020-12").path
        let required = ((try? FileManager.default.contentsOfDirectory(atPath: tests)) ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
        return required + assertedFormats.map { "optional/format/\($0).json" }
    }()

    /// Cases that cannot pass, keyed `file › group › test`, with the reason. The suite fails
    /// if any other case fails or if one of these starts passing.
    static let knownFailures: [String: String] = [:]

    /// The `remotes/` documents registered under `http://localhost:1234/`.
    static let registry: JSONSchemaRegistry = {
        var registry = JSONSchemaRegistry()
        guard let directory else { return registry }
        let remotes = directory.appendingPathComponent("remotes")
        let enumerator = FileManager.default.enumerator(atPath: remotes.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json"),
                let data = FileManager.default.contents(atPath: remotes.appendingPathComponent(relative).path),
                let document = try? JSONValue(parsing: data)
            else { continue }
            registry.register(document, uri: "http://localhost:1234/" + relative)
        }
        return registry
    }()

    /// The outcome of one file: the names of its cases and of those that failed, with why.
    struct FileOutcome {
        var total = 0
        var failures: [String: String] = [:]
    }

    /// Runs every case of `file`.
    static func run(_ file: String) throws -> FileOutcome {
        let url = directory!.appendingPathComponent("tests/draft2020-12").appendingPathComponent(file)
        let groups = try JSONValue(parsing: try Data(contentsOf: url))
        let options = JSONSchemaOptions(formatAssertion: file.hasPrefix("optional/format/"))
        var outcome = FileOutcome()
        for group in groups.arrayValue ?? [] {
            let groupName = group["description"]?.stringValue ?? "?"
            let tests = group["tests"]?.arrayValue ?? []
            let validator: Result<JSONSchemaValidator, JSONSchemaCompileError> = Result {
                () throws(JSONSchemaCompileError) -> JSONSchemaValidator in
                try JSONSchemaValidator(schema: group["schema"] ?? .null, options: options, registry: registry)
            }
            for test in tests {
                outcome.total += 1
                let name = "\(file) › \(groupName) › \(test["description"]?.stringValue ?? "?")"
                let expected = test["valid"]?.boolValue ?? false
                switch validator {
                case .failure(let error):
                    outcome.failures[name] = "compile error: \(error)"
                case .success(let validator):
                    let data = test["data"] ?? .null
                    let result = validator.validate(data)
                    if result.valid != expected {
                        outcome.failures[name] =
                            "expected \(expected ? "valid" : "invalid"), got \(result.valid ? "valid" : "invalid") \(result.errors.map(\.description))"
                    } else if validator.isValid(data) != result.valid || result.valid != result.errors.isEmpty {
                        outcome.failures[name] =
                            "isValid(_:) and validate(_:) disagree: \(result.errors.map(\.description))"
                    }
                }
            }
        }
        return outcome
    }
}

@Suite struct JSONSchemaConformanceTests {
    @Test(
        "JSON-Schema-Test-Suite draft 2020-12 file",
        .enabled(if: JSONSchemaTestSuite.isAvailable, "the shared conformance suite is not on this machine"),
        arguments: JSONSchemaTestSuite.files)
    func file(_ file: String) throws {
        let outcome = try JSONSchemaTestSuite.run(file)
        #expect(outcome.total > 0)
        for (name, reason) in outcome.failures.sorted(by: { $0.key < $1.key })
        where JSONSchemaTestSuite.knownFailures[name] == nil {
            Issue.record("\(name): \(reason)")
        }
        for name in JSONSchemaTestSuite.knownFailures.keys
        where name.hasPrefix(file + " › ") && outcome.failures[name] == nil {
            Issue.record("\(name) is listed as a known failure but now passes; remove it from the list")
        }
    }

    @Test(
        "JSON-Schema-Test-Suite draft 2020-12 summary",
        .enabled(if: JSONSchemaTestSuite.isAvailable, "the shared conformance suite is not on this machine"))
    func summary() throws {
        var total = 0
        var failures: [String: String] = [:]
        for file in JSONSchemaTestSuite.files {
            let outcome = try JSONSchemaTestSuite.run(file)
            total += outcome.total
            failures.merge(outcome.failures) { first, _ in first }
        }
        print("JSON Schema 2020-12: \(total - failures.count)/\(total) passed")
        for (name, reason) in failures.sorted(by: { $0.key < $1.key }) {
            let known = JSONSchemaTestSuite.knownFailures[name].map { " [known: \($0)]" } ?? ""
            print("  FAILED \(name): \(reason)\(known)")
        }
        #expect(Set(failures.keys) == Set(JSONSchemaTestSuite.knownFailures.keys))
    }
}
