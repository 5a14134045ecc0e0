import Crypto
import Foundation
import GridwayCore
import GridwayStore
import Hummingbird

/// The web portal served under `/portal`: what every page needs, and the session and sign-in rules.
///
/// Pages call the same services as the JSON API in-process (``GridwayServices/accept(_:idempotencyKey:by:)``,
/// the store, the API's route handlers for prefill and aggregates), with the signed-in user's credential.
struct Portal: Sendable {
    let services: GridwayServices
    let catalog: PortalCatalog
    let assets: PortalAssets
    /// How long a session lasts from sign-in.
    var sessionLifetime: Duration = .seconds(8 * 3600)
    /// Where password hashes run: off the request threads, a bounded number at once.
    let passwordChecks = PasswordChecks()

    /// The session cookie's name.
    static let sessionCookie = "gw_session"
    /// The cookie carrying the sign-in form's CSRF token before a session exists.
    static let signInCookie = "gw_signin"
    /// The cookie remembering the chosen language.
    static let languageCookie = "gw_lang"

    init(services: GridwayServices) throws {
        self.services = services
        catalog = try PortalCatalog.load()
        assets = try PortalAssets.load()
    }

    /// The credential of the session `token` names, unless it expired, its user was disabled or its key revoked.
    func credential(forSessionToken token: String) async throws -> Credential? {
        let store = services.store
        guard
            let session = try await store.portalSession(tokenHash: APIKey.hash(of: token), at: services.clock.date)
        else { return nil }
        switch session.principal {
        case .credential(let id):
            return try await store.activeCredential(id: id)
        case .user(let id):
            guard let user = try await store.portalUser(id: id), user.disabledAt == nil else { return nil }
            return user.credential
        }
    }

    /// The CSRF token bound to a session token: an HMAC of a fixed label under the token.
    static func csrfToken(forSession token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("gridway-portal-csrf".utf8), using: SymmetricKey(data: Array(token.utf8)))
        return Base64URL.encode(Array(mac))
    }

    /// A fresh 256-bit random token, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Whether two tokens are equal, compared in time independent of where they differ.
    static func tokensMatch(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
