import GridwayCore
import GridwayServer
import GridwayStore

/// The portal users `gridway demo` creates on every run: a community worker of ``DemoKeys/staffUnit`` and
/// an operator, each with a fresh password printed once.
struct DemoPortalUsers: Sendable {
    /// One portal user and the password it signs in with.
    struct Account: Sendable {
        let username: String
        let displayName: String
        let password: String
    }

    /// 李晓梅, a community worker of 北京街社区.
    let worker: Account
    /// 王强, an operator.
    let admin: Account

    /// Creates both users in `store`.
    static func create(in store: any Store) async throws -> DemoPortalUsers {
        func create(_ username: String, _ displayName: String, _ role: CredentialRole) async throws -> Account {
            let password = randomPassword()
            _ = try await store.createPortalUser(
                username: username, displayName: displayName, role: role,
                passwordHash: try PasswordHasher.standard.hash(password), by: "demo")
            return Account(username: username, displayName: displayName, password: password)
        }
        return DemoPortalUsers(
            worker: try await create("liximei", "李晓梅", .staff(unit: DemoKeys.staffUnit)),
            admin: try await create("operator", "王强", .admin))
    }

    /// Twelve random letters and digits in groups of four (`k7mq-2xpa-9dtw`), without look-alikes such as `l` and `1`.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in String(alphabet.randomElement(using: &generator)!) }
        return stride(from: 0, to: 12, by: 4).map { characters[$0..<$0 + 4].joined() }.joined(separator: "-")
    }
}
