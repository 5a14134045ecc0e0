import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwayServer
import GridwayStore

/// `gridway subjects export` and `erase`: what Gridway holds about one subject, for its access and
/// erasure requests.
struct SubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subjects", abstract: "Act on the personal data of one subject.",
        subcommands: [Export.self, Erase.self])

    /// The subject and the request's reason, as both subcommands take them.
    struct SubjectOptions: ParsableArguments {
        @Option(help: "The data element identifying the subject, like person.idNumber.")
        var element: String

        @Option(help: "The subject's value of that element.")
        var value: String

        @Option(help: "Why: the request's reference or legal ground, recorded in the audit log.")
        var reason: String

        func validate() throws {
            guard !reason.allSatisfy(\.isWhitespace) else { throw ValidationError("--reason must not be empty") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything Gridway holds about one subject, and where it went, as JSON.",
            discussion: """
                For a subject's access request: every report about the subject, found through every contract \
                whose x-gridway-subject is the element, as stored (its personal values included), with the \
                upstream systems that received it and their receipts. The access is audited with the reason. \
                Hand the output to the subject alone.
                """)

        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var subject: SubjectOptions

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let export = try await options.withStore(configuration) { store in
                do {
                    return try await SubjectExporter(store: store, catalog: catalog).export(
                        element: subject.element, value: subject.value, grounds: subject.reason, by: "cli", at: Date())
                } catch let error as SubjectLookupError {
                    throw ValidationError(error.description)
                }
            }
            print(export.serializedString())
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase the personal fields of every report about one subject, and say where they went.",
            discussion: """
                Finds the subject through every contract whose x-gridway-subject is the element, erases the \
                personal fields of each report (audited, with the reason), and prints as JSON every report \
                found and the upstream systems that received them, with their receipts: pass the request on \
                to them.
                """)

        @OptionGroup var options: ConfigurationOptions
        @OptionGroup var subject: SubjectOptions

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let report = try await options.withStore(configuration) { store in
                do {
                    return try await SubjectEraser(store: store, catalog: catalog).erase(
                        element: subject.element, value: subject.value, grounds: subject.reason, by: "cli", at: Date())
                } catch let error as SubjectLookupError {
                    throw ValidationError(error.description)
                }
            }
            print(report.json.serializedString())
        }
    }
}
