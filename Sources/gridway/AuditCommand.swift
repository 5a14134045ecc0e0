import ArgumentParser
import GridwayCore
import GridwayStore

/// `gridway audit verify`: walk the hash chain and report the first broken link.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Inspect the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the audit hash chain.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let verdict = try await options.withStore(try options.load()) { try await $0.verifyAuditChain() }
            switch verdict {
            case .intact(let entries):
                print("audit chain intact: \(entries) entries")
            case .broken(let sequence, let reason):
                print("audit chain BROKEN at entry \(sequence): \(reason)")
                throw ExitCode(2)
            }
        }
    }
}
