import ArgumentParser
import Foundation
import GridwayCore
import GridwayStore

/// `gridway subjects erase`: erase what Gridway holds about one subject at its request.
struct SubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subjects", abstract: "Act on the personal data of one subject.", subcommands: [Erase.self])

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

        @Option(help: "The data element identifying the subject, like person.idNumber.")
        var element: String

        @Option(help: "The subject's value of that element.")
        var value: String

        @Option(help: "Why: the request's reference or legal ground, recorded in the audit log.")
        var reason: String

        func validate() throws {
            guard !reason.allSatisfy(\.isWhitespace) else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let configuration = try options.load()
            let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
            let report = try await options.withStore(configuration) { store in
                do {
                    return try await SubjectEraser(store: store, catalog: catalog).erase(
                        element: element, value: value, grounds: reason, by: "cli", at: Date())
                } catch let error as SubjectErasureError {
                    throw ValidationError(error.description)
                }
            }
            print(report.json.serializedString())
        }
    }
}
