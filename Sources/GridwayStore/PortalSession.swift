import Foundation

/// A signed-in portal session. The browser holds a random token; the store keeps only its hash.
public struct PortalSession: Sendable, Hashable {
    /// Who signed in.
    public enum Principal: Sendable, Hashable {
        /// With an API key: the credential's id.
        case credential(String)
        /// With a username and password: the user's id.
        case user(String)
    }

    /// SHA-256 of the session token, hex encoded.
    public var tokenHash: String
    /// Who the session acts for.
    public var principal: Principal
    /// When the session began.
    public var createdAt: Date
    /// When it ends, whatever happens meanwhile.
    public var expiresAt: Date

    /// Creates a session description.
    public init(tokenHash: String, principal: Principal, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.principal = principal
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
