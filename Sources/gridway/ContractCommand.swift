import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON

/// `gridway contract check|validate`: tools for contract authors.
struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract", abstract: "Check contract files and validate sample reports.",
        subcommands: [Check.self, Validate.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check contract files: well-formed schema, complete metadata, examples, version rules.")

        @Argument(help: "Contract files or folders of them.")
        var paths: [String]

        func run() throws {
            let findings = paths.flatMap { ContractLinter().check(path: URL(fileURLWithPath: $0)) }
            for finding in findings { print(finding) }
            let errors = findings.filter { $0.severity == .error }.count
            print(
                errors == 0
                    ? "ok: no errors (\(findings.count) warnings)"
                    : "\(errors) errors, \(findings.count - errors) warnings")
            if errors > 0 { throw ExitCode.failure }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate JSON instances against a contract or any JSON Schema 2020-12 file.",
            discussion: """
                Prints each instance's result in the JSON Schema 2020-12 "basic" output shape and exits
                non-zero if any instance is invalid. Contracts always assert `format`; for a plain schema
                `format` is an annotation unless --assert-format is given.
                """)

        @Argument(help: "The contract or schema file.")
        var schema: String

        @Argument(help: "Instance files to validate.")
        var instances: [String]

        @Flag(help: "Treat `format` as an assertion in a plain JSON Schema.")
        var assertFormat = false

        func run() throws {
            let validate = try validator()
            var invalid = 0
            for path in instances {
                let result: JSONSchemaValidationResult
                do {
                    result = validate(try JSONValue(parsing: try CatalogFiles.read(URL(fileURLWithPath: path))))
                } catch {
                    print("\(path): cannot read instance: \(error)")
                    invalid += 1
                    continue
                }
                if !result.valid { invalid += 1 }
                print("\(path): \(result.valid ? "valid" : "invalid (\(result.errors.count) errors)")")
                print(try BasicOutput.render(result))
            }
            if invalid > 0 { throw ExitCode.failure }
        }

        /// A contract validates with formats asserted; a plain schema as the flags say.
        private func validator() throws -> (JSONValue) -> JSONSchemaValidationResult {
            let url = URL(fileURLWithPath: schema)
            let document = try JSONValue(parsing: try CatalogFiles.read(url))
            if document["x-gridway-id"] != nil {
                let contract = try Contract(
                    document: document, source: schema,
                    elements: ContractCatalog.loadElements(directory: url.deletingLastPathComponent()))
                return { instance in
                    let errors = contract.validate(instance)
                    return JSONSchemaValidationResult(valid: errors.isEmpty, errors: errors)
                }
            }
            let validator = try JSONSchemaValidator(
                schema: document, baseURI: url.absoluteString, options: JSONSchemaOptions(formatAssertion: assertFormat)
            )
            return validator.validate
        }
    }
}

/// The JSON Schema "basic" output document, pretty-printed.
enum BasicOutput {
    static func render(_ result: JSONSchemaValidationResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }
}
