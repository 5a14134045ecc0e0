import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayServer
import GridwayStore

/// `gridway keys create|list|revoke`: manage API keys directly in the store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it once.")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "Role: staff, upstream or admin.")
        var role: String

        @Option(help: "Org unit code: the staff member's unit, or the upstream's jurisdiction.")
        var unit: String?

        @Option(
            help: "Target id of an upstream system: an adapter of the adapters directory that delivers or notifies.")
        var target: String?

        @Option(help: "A label for the key holder.")
        var name: String

        func run() async throws {
            let configuration = try options.load()
            let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
            let credentialRole: CredentialRole
            switch (role, unit, target) {
            case ("staff", let unit?, nil): credentialRole = .staff(unit: unit)
            case ("upstream", let unit?, let target?): credentialRole = .upstream(target: target, jurisdiction: unit)
            case ("admin", nil, nil): credentialRole = .admin
            default:
                throw ValidationError(
                    "use --role staff --unit CODE, --role upstream --target ID --unit CODE, or --role admin")
            }
            if let root = credentialRole.scopeRoot, !units.contains(root) {
                throw ValidationError("org unit \(root) is not in the org-unit tree \(configuration.unitsFile)")
            }
            if case .upstream(let target, _) = credentialRole {
                try ConfiguredTargets(
                    directory: URL(fileURLWithPath: configuration.adaptersDirectory, isDirectory: true),
                    compiled: CompiledAdapters.all
                ).check(target, in: configuration.adaptersDirectory)
            }
            let key = APIKey.generate()
            let credential = try await options.withStore(configuration) {
                try await $0.createCredential(name: name, role: credentialRole, keyHash: key.hash, by: "cli")
            }
            print("Created \(credential.id) (\(credential.role.name)). The key is shown only this once:")
            print(key.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            for credential in try await options.withStore(try options.load(), { try await $0.credentials() }) {
                let scope =
                    switch credential.role {
                    case .staff(let unit): "unit \(unit)"
                    case .upstream(let target, let unit): "target \(target), jurisdiction \(unit)"
                    case .admin: "everything"
                    }
                let state = credential.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                print("\(credential.id)  \(credential.role.name)  \(scope)  \(state)  \(credential.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The key id, as printed by `gridway keys list`.")
        var id: String

        func run() async throws {
            guard try await options.withStore(try options.load(), { try await $0.revokeCredential(id: id, by: "cli") })
            else {
                throw ValidationError("no active key \(id)")
            }
            print("Revoked \(id).")
        }
    }
}
