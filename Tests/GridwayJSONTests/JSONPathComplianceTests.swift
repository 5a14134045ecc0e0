import Foundation
import GridwayJSON
import Testing

/// The RFC 9535 JSONPath Compliance Test Suite, found under the shared folder
/// (`$GRIDWAY_SHARED`, else `../shared` next to the package root).
enum JSONPathComplianceSuite {
    /// `cts.json`, or `nil` when it is not available on this machine.
    static let file: URL? = {
        // #filePath is <package>/Tests/GridwayCoreTests/<file>.swift; shared/ sits beside <package>.
        let beside = URL(fileURLWithPath: #filePath, isDirectory: false).appendingPathComponent("../../../../shared")
        let configured = ProcessInfo.processInfo.environment["GRIDWAY_SHARED"].flatMap { $0.isEmpty ? nil : $0 }
        let shared = configured.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? beside.standardizedFileURL
        let file = shared.appendingPathComponent("conformance/jsonpath-cts/cts.json")
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }()

    static var isAvailable: Bool { file != nil }

    /// Cases that cannot pass, by name, with the reason. The suite fails if any other case
    /// fails or if one of these starts passing.
    static let knownFailures: [String: String] = [:]

    /// Runs one case and returns why it failed, or `nil` when it passed.
    static func failure(of test: JSONValue) -> String? {
        let selector = test["selector"]?.stringValue ?? ""
        let path: JSONPath
        do {
            path = try JSONPath(parsing: selector)
        } catch {
            return test["invalid_selector"]?.boolValue == true ? nil : "unexpected syntax error: \(error)"
        }
        if test["invalid_selector"]?.boolValue == true {
            return "expected a syntax error, but the selector compiled"
        }
        let document = test["document"] ?? .null
        let nodes = path.select(in: document)
        let values = nodes.map(\.value)
        let paths = nodes.map { $0.location.description }
        if !values.elementsEqual(path.values(in: document), by: { $0.isJSONEqual(to: $1) }) {
            return "values(in:) and select(in:) disagree"
        }
        let allowedValues = test["results"]?.arrayValue ?? test["result"].map { [$0] } ?? []
        let allowedPaths = test["results_paths"]?.arrayValue ?? test["result_paths"].map { [$0] }
        for (index, expected) in allowedValues.enumerated() {
            let valuesMatch = (expected.arrayValue ?? []).elementsEqual(values) { $0.isJSONEqual(to: $1) }
            let expectedPaths = allowedPaths?[index].arrayValue?.compactMap(\.stringValue)
            if valuesMatch && (expectedPaths == nil || expectedPaths == paths) {
                return nil
            }
        }
        return
            "got \(JSONValue.array(values)) at \(paths), expected \(allowedValues.map(\.description).joined(separator: " or "))"
    }
}

@Suite struct JSONPathComplianceTests {
    @Test(
        "RFC 9535 JSONPath Compliance Test Suite",
        .enabled(if: JSONPathComplianceSuite.isAvailable, "the shared conformance suite is not on this machine"))
    func complianceSuite() throws {
        let file = try #require(JSONPathComplianceSuite.file)
        let suite = try JSONValue(parsing: try Data(contentsOf: file))
        let tests = suite["tests"]?.arrayValue ?? []
        #expect(tests.count > 0)
        var failures: [(name: String, reason: String)] = []
        for test in tests {
            let name = test["name"]?.stringValue ?? "?"
            if let reason = JSONPathComplianceSuite.failure(of: test) {
                failures.append((name, reason))
            }
        }
        print("JSONPath RFC 9535 CTS: \(tests.count - failures.count)/\(tests.count) passed")
        for failure in failures {
            print("  failed: \(failure.name): \(failure.reason)")
            if JSONPathComplianceSuite.knownFailures[failure.name] == nil {
                Issue.record("\(failure.name): \(failure.reason)")
            }
        }
        let failed = Set(failures.map(\.name))
        for name in JSONPathComplianceSuite.knownFailures.keys where !failed.contains(name) {
            Issue.record("\(name) is listed as a known failure but now passes; remove it from the list")
        }
    }
}
