import Foundation
import GridwayCore

/// A person who signs in to the web portal with a username and password an admin created.
///
/// Only the password's slow hash is kept. A user acts with a staff role bound to a unit, or as an admin.
public struct PortalUser: Sendable, Hashable, Identifiable {
    /// Stable public identifier, e.g. `usr_01JD…`; what submissions and audit entries name as the actor.
    public var id: String
    /// The sign-in name, unique, e.g. `liximei`.
    public var username: String
    /// The name shown in the portal, e.g. `李晓梅`.
    public var displayName: String
    /// What the user may do, for which part of the tree (`staff` or `admin`).
    public var role: CredentialRole
    /// The password's hash in its self-describing form (algorithm, parameters, salt, digest).
    public var passwordHash: String
    /// When the user was created.
    public var createdAt: Date
    /// When an admin disabled the user, if they did.
    public var disabledAt: Date?

    /// Creates a user description.
    public init(
        id: String, username: String, displayName: String, role: CredentialRole, passwordHash: String,
        createdAt: Date, disabledAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    /// The credential the user acts with once signed in: same id, name and role as the user.
    public var credential: Credential {
        Credential(id: id, name: displayName, role: role, createdAt: createdAt, revokedAt: disabledAt)
    }
}
