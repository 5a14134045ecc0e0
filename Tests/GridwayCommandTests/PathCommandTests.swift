import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct PathCommandTests {
    static let document: JSONValue = [
        "data": [
            "visitor": ["name": "王芳"],
            "visits": [["name": "李大爷", "age": 82], ["name": "张奶奶", "age": 76]],
        ]
    ]

    /// Runs `gridway` with `input` on standard input and returns its status, stdout and stderr.
    private func gridway(_ arguments: [String], input: String) throws -> (status: Int32, output: String, errors: String)
    {
        let finished = try ChildProcess.run(
            GatewayProcess.executable, arguments, environment: GatewayProcess.environment, input: input
        )
        return (finished.status, finished.output, finished.errors)
    }

    /// Writes the sample document to a temporary file and passes its path to `body`.
    private func withDocumentFile(_ body: (String) async throws -> Void) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("submission.json")
        try Data(Self.document.serialized()).write(to: file)
        try await body(file.path)
    }

    @Test func printsTheNodelistOfAFileAsOneLineOfJSON() async throws {
        try await withDocumentFile { file in
            let result = try await GatewayProcess.run(["path", "$.data.visits[?@.age > 80].name", file])
            #expect(result.status == 0)
            #expect(result.output == #"["李大爷"]"# + "\n")
            let none = try await GatewayProcess.run(["path", "$.data.missing", file])
            #expect(none.status == 0 && none.output == "[]\n")
        }
    }

    @Test func printsNormalizedPathsWithValues() async throws {
        try await withDocumentFile { file in
            let result = try await GatewayProcess.run(["path", "--paths", "$..name", file])
            #expect(result.status == 0)
            let printed = try JSONValue(parsing: result.output)
            #expect(
                printed == [
                    ["path": "$['data']['visitor']['name']", "value": "王芳"],
                    ["path": "$['data']['visits'][0]['name']", "value": "李大爷"],
                    ["path": "$['data']['visits'][1]['name']", "value": "张奶奶"],
                ])
        }
    }

    @Test func readsStandardInputWithoutAFile() throws {
        let result = try gridway(["path", "$.data.visits[*].age"], input: Self.document.serializedString())
        #expect(result.status == 0)
        #expect(result.output == "[82,76]\n")
        #expect(result.errors.isEmpty)
    }

    @Test func aSyntaxErrorShowsTheColumnAndExitsOne() throws {
        let result = try gridway(["path", "$.data.visits[0"], input: "{}")
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(
            result.errors == """
                JSONPath syntax error at column 16: expected ']' to close the bracketed selection opened at column 14
                  $.data.visits[0
                                 ^

                """)
    }

    @Test func invalidJSONIsReportedWithLineAndColumn() throws {
        let result = try gridway(["path", "$.a"], input: "{\n  \"a\": 1,\n}")
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("standard input is not valid JSON: "))
        #expect(result.errors.contains("line 3, column 1"), "\(result.errors)")
    }

    @Test func anUnreadableFileExitsOneWithTheReason() throws {
        let result = try gridway(["path", "$.a", "/nonexistent/submission.json"], input: "")
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("cannot read /nonexistent/submission.json: "), "\(result.errors)")
        let folder = try gridway(["path", "$.a", "/"], input: "")
        #expect(folder.status == 1 && folder.errors == "cannot read /: it is a folder, not a JSON file\n")
    }
}
