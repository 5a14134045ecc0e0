import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct UsersCommandTests {
    /// Runs `gridway` with `input` on its standard input.
    private func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = GatewayProcess.executable
        process.arguments = arguments
        process.environment = GatewayProcess.environment
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func portalUsersAreCreatedListedAndDisabledFromTheCommandLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let create = [
            "users", "create", "liximei", "--role", "staff", "--unit", "210102001001", "--name", "李晓梅", "--password-stdin",
            "--data-directory", directory.path,
        ]
        let created = try run(create, input: "correct horse battery\n")
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("Created usr_"))
        #expect(try run(create, input: "another good password\n").output.contains("taken"))
        let short = try run(create.map { $0 == "liximei" ? "wangwei" : $0 }, input: "short\n")
        #expect(short.status != 0)
        #expect(short.output.contains("at least 10 characters"))
        let badName = try run(create.map { $0 == "liximei" ? "Li Ximei" : $0 }, input: "correct horse battery\n")
        #expect(badName.status != 0)

        let listed = try GatewayProcess.run(["users", "list", "--data-directory", directory.path])
        #expect(listed.output.contains("liximei  staff  unit 210102001001  active  李晓梅"), "\(listed.output)")
        #expect(!listed.output.contains("scrypt"), "a listing never shows a password hash")
        #expect(!listed.output.contains("wangwei"))

        #expect(try GatewayProcess.run(["users", "disable", "liximei", "--data-directory", directory.path]).status == 0)
        #expect(try GatewayProcess.run(["users", "list", "--data-directory", directory.path]).output.contains("disabled"))
        #expect(try GatewayProcess.run(["users", "disable", "nobody", "--data-directory", directory.path]).status != 0)
        let verify = try GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.output.contains("audit chain intact: 2 entries"), "\(verify.output)")
    }
}
