import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayPostgres
import GridwayServer
import GridwayStore

#if canImport(Glibc)
    import Glibc
#endif

/// `gridway users create|list|disable|enable`: manage the web portal's users directly in the store.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create, list, disable and enable web portal users.",
        subcommands: [Create.self, List.self, Disable.self, Enable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the password is asked for (or read from standard input with --password-stdin).")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The sign-in name: 3 to 32 lowercase letters, digits, '.', '_' or '-'.")
        var username: String

        @Option(help: "Role: staff or admin.")
        var role: String

        @Option(help: "The staff member's org unit code.")
        var unit: String?

        @Option(help: "The name the portal shows, e.g. 李晓梅.")
        var name: String

        @Flag(help: "Read the password from the first line of standard input instead of asking.")
        var passwordStdin = false

        func run() async throws {
            let configuration = try options.load()
            let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
            let userRole: CredentialRole
            switch (role, unit) {
            case ("staff", let unit?):
                guard units.contains(unit) else {
                    throw ValidationError("org unit \(unit) is not in the org-unit tree \(configuration.unitsFile)")
                }
                userRole = .staff(unit: unit)
            case ("admin", nil): userRole = .admin
            default: throw ValidationError("use --role staff --unit CODE, or --role admin")
            }
            let password = try readPassword()
            let passwordHash = try PasswordHasher.standard.hash(password)
            let store = UsersCommand.storeDescription(configuration)
            guard
                let user = try await options.withStore(
                    configuration,
                    {
                        try await $0.createPortalUser(
                            username: username, displayName: name, role: userRole, passwordHash: passwordHash, by: "cli"
                        )
                    })
            else { throw CommandFailure(reason: "the username \(username) is taken in \(store); nothing was created") }
            let scope =
                user.role.scopeRoot.map { "\(user.role.name) of \($0) \(units.unit($0)?.name ?? "")" } ?? user.role.name
            print("Created portal user \(username) (\(scope); user id \(user.id)) in \(store).")
            print("They sign in at /portal of the Gridway that uses this store.")
        }

        /// The password from standard input (`--password-stdin`), or typed twice at the prompt; one too
        /// short or two that differ are refused with a message saying so.
        private func readPassword() throws -> String {
            let password: String
            if passwordStdin {
                guard let line = Swift.readLine(strippingNewline: true) else {
                    throw CommandFailure(reason: "no password on standard input; nothing was created")
                }
                password = line
            } else {
                password = try prompt("Password (at least \(PasswordHasher.minimumLength) characters): ")
                guard try prompt("The same password again: ") == password else {
                    throw CommandFailure(reason: "the two passwords differ; nothing was created")
                }
            }
            guard password.count >= PasswordHasher.minimumLength else {
                throw CommandFailure(
                    reason:
                        "the password has \(password.count) characters; it needs at least \(PasswordHasher.minimumLength). Nothing was created"
                )
            }
            return password
        }

        /// A line typed without echo at the terminal (or read from standard input when there is none).
        private func prompt(_ text: String) throws -> String {
            guard let typed = getpass(text) else {
                throw CommandFailure(reason: "no password given; nothing was created")
            }
            return String(cString: typed)
        }

        func validate() throws {
            guard PortalUsernames.isValid(username) else {
                throw ValidationError("a username is 3 to 32 lowercase letters, digits, '.', '_' or '-'")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their password hashes).")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            for user in try await options.withStore(try options.load(), { try await $0.portalUsers() }) {
                let scope = user.role.scopeRoot.map { "unit \($0)" } ?? "everything"
                let state = user.disabledAt.map { "disabled \($0.formatted(.iso8601))" } ?? "active"
                print("\(user.id)  \(user.username)  \(user.role.name)  \(scope)  \(state)  \(user.displayName)")
            }
        }
    }

    /// The store a command writes to, for its messages: the SQLite file or the PostgreSQL database (its URL
    /// without the password).
    static func storeDescription(_ configuration: GridwayConfiguration) -> String {
        guard configuration.store == .sqlite else {
            return
                "the PostgreSQL database \((try? PostgresURL(configuration.postgresURL ?? ""))?.redacted ?? "of the configuration")"
        }
        return "the SQLite database \(configuration.databasePath)"
    }

    /// Disables or enables `username` in the configured store and says so.
    static func set(_ username: String, disabled: Bool, options: ConfigurationOptions) async throws {
        guard
            try await options.withStore(
                try options.load(),
                {
                    try await $0.setPortalUser(username: username, disabled: disabled, by: "cli")
                })
        else {
            throw ValidationError("no user \(username)")
        }
        print("\(disabled ? "Disabled" : "Enabled") \(username).")
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user and end their sessions.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The username.")
        var username: String

        func run() async throws {
            try await UsersCommand.set(username, disabled: true, options: options)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user again.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The username.")
        var username: String

        func run() async throws {
            try await UsersCommand.set(username, disabled: false, options: options)
        }
    }
}
