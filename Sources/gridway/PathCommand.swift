import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON

/// `gridway path`: evaluates an RFC 9535 JSONPath expression over a JSON document, so adapter
/// authors can try their mapping expressions.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Evaluate an RFC 9535 JSONPath expression over a JSON document.",
        discussion: """
            Prints the selected nodes' values as a JSON array on one line, or with --paths an array of \
            {"path": <normalized path>, "value": <value>} objects. Reads the document from standard input \
            when no file is given. A syntax error is printed with a caret under its column and the command \
            exits 1; so does a document that cannot be read or is not JSON.
            """)

    @Argument(help: "The expression, e.g. '$.data.visits[?@.age >= 80].name'.")
    var expression: String

    @Argument(help: "The JSON document; standard input when omitted.")
    var file: String?

    @Flag(help: "Print each node's normalized path (e.g. $['data']['visits'][0]) with its value.")
    var paths = false

    func run() throws {
        let path: JSONPath
        let document: JSONValue
        do {
            path = try JSONPath(parsing: expression)
        } catch {
            throw Self.fail(error.description)
        }
        let source = file ?? "standard input"
        if let file, CatalogFiles.isDirectory(URL(fileURLWithPath: file)) {
            throw Self.fail("cannot read \(file): it is a folder, not a JSON file")
        }
        do {
            let bytes =
                try file.map { path throws(CatalogFileError) in try CatalogFiles.read(URL(fileURLWithPath: path)) }
                ?? Array(FileHandle.standardInput.readDataToEndOfFile())
            document = try JSONParser().parse(bytes)
        } catch let error as JSONParseError {
            throw Self.fail("\(source) is not valid JSON: \(error)")
        } catch {
            throw Self.fail("\(error)")
        }
        let output: JSONValue
        if paths {
            output = .array(
                path.select(in: document).map { ["path": .string($0.location.description), "value": $0.value] })
        } else {
            output = .array(path.values(in: document))
        }
        Console.say(output.serializedString())
    }

    /// Writes `message` to standard error and returns the exit code for a failure.
    private static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode.failure
    }
}
