import Foundation
import GridwayTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct UsersCommandTests {
    /// Runs `gridway` with `input` on its standard input.
    private func run(_ arguments: [String], input: String, detached: Bool = false) async throws
        -> ChildProcess.Finished
    {
        try await GatewayProcess.run(arguments, input: input, detached: detached)
    }

    @Test func portalUsersAreCreatedListedAndDisabledFromTheCommandLine() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let create = [
            "users", "create", "liximei", "--role", "staff", "--unit", "210102001001", "--name", "李晓梅",
            "--password-stdin",
            "--data-directory", directory.path,
        ]
        let created = try await run(create, input: "correct horse battery\n")
        #expect(created.status == 0, "\(created.output)")
        let database = directory.appendingPathComponent("gridway.sqlite").path
        #expect(created.output.contains("Created portal user liximei (staff of 210102001001 北京街社区; user id usr_"))
        #expect(created.output.contains("in the SQLite database \(database)."), "\(created.output)")
        #expect(try await run(create, input: "another good password\n").output.contains("taken"))
        let short = try await run(create.map { $0 == "liximei" ? "wangwei" : $0 }, input: "short\n")
        #expect(short.status != 0)
        #expect(short.output.contains("the password has 5 characters; it needs at least 10"), "\(short.output)")
        #expect(!short.output.contains("USAGE"), "a password too short is not a usage mistake")
        let badName = try await run(create.map { $0 == "liximei" ? "Li Ximei" : $0 }, input: "correct horse battery\n")
        #expect(badName.status != 0)

        let listed = try await GatewayProcess.run(["users", "list", "--data-directory", directory.path])
        #expect(listed.output.contains("liximei  staff  unit 210102001001  active  李晓梅"), "\(listed.output)")
        #expect(!listed.output.contains("scrypt"), "a listing never shows a password hash")
        #expect(!listed.output.contains("wangwei"))

        #expect(
            try await GatewayProcess.run(["users", "disable", "liximei", "--data-directory", directory.path]).status
                == 0)
        #expect(
            try await GatewayProcess.run(["users", "list", "--data-directory", directory.path]).output.contains(
                "disabled"))
        #expect(
            try await GatewayProcess.run(["users", "disable", "nobody", "--data-directory", directory.path]).status != 0
        )
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.output.contains("audit chain intact: 2 entries"), "\(verify.output)")
    }

    @Test func aTypedPasswordIsAskedForTwice() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let create = [
            "users", "create", "operator", "--role", "admin", "--name", "王强", "--data-directory", directory.path,
        ]
        let differing = try await run(create, input: "correct horse battery\ncorrect horse battery!\n", detached: true)
        #expect(differing.status != 0)
        #expect(differing.output.contains("Password (at least 10 characters): "))
        #expect(differing.output.contains("The same password again: "))
        #expect(differing.output.contains("the two passwords differ; nothing was created"), "\(differing.output)")
        #expect(!differing.output.contains("USAGE"))
        let short = try await run(create, input: "short\nshort\n", detached: true)
        #expect(short.output.contains("the password has 5 characters; it needs at least 10"), "\(short.output)")
        let created = try await run(create, input: "correct horse battery\ncorrect horse battery\n", detached: true)
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("Created portal user operator (admin; user id usr_"))
    }
}
