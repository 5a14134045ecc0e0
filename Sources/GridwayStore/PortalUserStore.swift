import Foundation
import GridwayCore
import GridwayJSON

/// Durable storage of the web portal's users and sessions; every change is audited in its own transaction.
public protocol PortalUserStore: Sendable {
    /// Creates a user; `nil` when the username is taken.
    func createPortalUser(
        username: String, displayName: String, role: CredentialRole, passwordHash: String, by actor: String
    ) async throws -> PortalUser?

    /// The user signing in as `username`, disabled ones included.
    func portalUser(username: String) async throws -> PortalUser?

    /// The user with this id, disabled ones included.
    func portalUser(id: String) async throws -> PortalUser?

    /// Every user, by username.
    func portalUsers() async throws -> [PortalUser]

    /// Disables or re-enables a user (ending their sessions when disabling); `false` when there is no such user.
    func setPortalUser(username: String, disabled: Bool, by actor: String) async throws -> Bool

    /// Stores a new session (audited as a sign-in, which also clears a user's failure count).
    func beginPortalSession(_ session: PortalSession, actor: String) async throws

    /// The session whose token hashes to `tokenHash`, if it has not expired.
    func portalSession(tokenHash: String, at now: Date) async throws -> PortalSession?

    /// Ends a session (audited as a sign-out).
    func endPortalSession(tokenHash: String, actor: String) async throws

    /// The active credential with this id, if any (a session signed in with a key ends with the key).
    func activeCredential(id: String) async throws -> Credential?

    /// Appends an audit entry for something that is only read, such as revealing a masked field.
    func recordAccess(actor: String, action: String, subject: String, detail: JSONValue) async throws
}
