import Foundation

/// An API key's identity: who holds it and what it may do. The key itself is never kept.
public struct Credential: Sendable, Hashable, Identifiable {
    /// Stable public identifier, e.g. `key_01JD…`; safe to log.
    public var id: String
    /// A human label, e.g. "太原街街道 staff".
    public var name: String
    /// The role and scope.
    public var role: CredentialRole
    /// When the key was created.
    public var createdAt: Date
    /// When the key was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a credential description.
    public init(id: String, name: String, role: CredentialRole, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether the key may still be used.
    public var isActive: Bool { revokedAt == nil }

    /// Whether this credential may act for (submit for, read data of) `unit`.
    public func mayActFor(unit: String, in tree: OrgUnitTree) -> Bool {
        guard let root = role.scopeRoot else { return true }
        return tree.isInSubtree(unit, of: root)
    }
}
