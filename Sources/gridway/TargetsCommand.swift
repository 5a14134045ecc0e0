import ArgumentParser
import GridwayStore

/// `gridway targets pause|resume`: stop and restart deliveries to one upstream.
struct TargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets", abstract: "Pause and resume deliveries to a target.",
        subcommands: [Pause.self, Resume.self])

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold deliveries to a target (they wait, nothing is lost).")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The target (adapter) id.")
        var target: String

        func run() async throws {
            try await options.withStore(try options.load()) { try await $0.setTarget(target, paused: true, by: "cli") }
            print("Paused \(target).")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume deliveries to a paused target.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The target (adapter) id.")
        var target: String

        func run() async throws {
            try await options.withStore(try options.load()) { try await $0.setTarget(target, paused: false, by: "cli") }
            print("Resumed \(target).")
        }
    }
}
