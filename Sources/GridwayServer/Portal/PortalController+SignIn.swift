import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird

/// Sign-in with a username and password or an API key, and sign-out.
extension PortalController {
    func addSignInRoutes(to group: RouterGroup<Context>) {
        group.get("sign-in", use: signInPage)
        group.post("sign-in", use: signIn)
        group.post("sign-out", use: signOut)
    }

    @Sendable func signInPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        if visit.credential != nil { return PortalVisit.redirect(to: "/portal") }
        return await signInForm(visit, message: nil, status: .ok)
    }

    /// The sign-in page, with a fresh sign-in token when the browser has none.
    private func signInForm(_ visit: PortalVisit, message: String?, status: HTTPResponse.Status, username: String = "")
        async -> Response
    {
        var visit = visit
        let fresh = visit.csrfToken.isEmpty
        if fresh { visit.csrfToken = Portal.randomToken() }
        let text = visit.text
        let alert: HTML = message.map { "<p class=\"alert\" role=\"alert\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <section class="panel narrow"><h1>\(text["signIn.title"])</h1>\(alert)
            <form method="post" action="/portal/sign-in" class="stack">\(visit.csrfField)
            <input type="hidden" name="method" value="password">
            <label for="username">\(text["signIn.username"])</label>
            <input id="username" name="username" autocomplete="username" required value="\(username)">
            <label for="password">\(text["signIn.password"])</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit" class="primary">\(text["signIn.submit"])</button></form>
            <details><summary>\(text["signIn.withKey"])</summary>
            <form method="post" action="/portal/sign-in" class="stack">\(visit.csrfField)
            <input type="hidden" name="method" value="key">
            <label for="key">\(text["signIn.key"])</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required>
            <button type="submit">\(text["signIn.submitKey"])</button></form></details></section>
            """
        var response = await visit.page(text["signIn.title"], body, status: status)
        if fresh { response.setCookie(visit.cookie(Portal.signInCookie, visit.csrfToken, maxAge: 3600)) }
        return response
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let form = try await visit.form()
        let store = portal.services.store
        let throttle = portal.services.signInThrottle
        let address = context.clientAddress
        let text = visit.text
        if let wait = throttle.wait(address: address) {
            try await auditRefusal(from: address, subject: "address:" + address, reason: "too many refused sign-ins")
            let seconds = Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0)
            var response = await signInForm(
                visit, message: text("signIn.throttled", String(seconds)), status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let principal: PortalSession.Principal
        let actor: String
        if form["method"] == "key" {
            let key = (form["key"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let credential = try await store.activeCredential(keyHash: APIKey.hash(of: key)),
                credential.role.isPortalRole
            else {
                throttle.failed(username: nil, address: address)
                try await auditRefusal(from: address, subject: "api-key", reason: "unknown, revoked or upstream key")
                return await signInForm(visit, message: text["signIn.badKey"], status: .unauthorized)
            }
            principal = .credential(credential.id)
            actor = credential.id
        } else {
            let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = form["password"] ?? ""
            let user = try await store.portalUser(username: username)
            let heldBack = throttle.isHeldBack(username: username, address: address)
            // An unknown name, a held-back one, a disabled user and a wrong password get the same work (one
            // password hash) and the same answer, so none can be told from another.
            let hash = user?.passwordHash ?? PasswordHasher.decoy
            let matches = try await portal.passwordChecks.run { PasswordHasher.verify(password, against: hash) }
            guard let user, matches, !heldBack, user.disabledAt == nil else {
                throttle.failed(username: username, address: address)
                let reason =
                    user == nil
                    ? "unknown username"
                    : heldBack ? "held back" : user?.disabledAt != nil ? "disabled" : "wrong password"
                try await auditRefusal(from: address, subject: user.map(\.id) ?? "username:" + username, reason: reason)
                return await signInForm(visit, message: text["signIn.bad"], status: .unauthorized, username: username)
            }
            throttle.succeeded(username: username, address: address)
            principal = .user(user.id)
            actor = user.id
        }
        let token = Portal.randomToken()
        let now = portal.services.clock.date
        try await store.beginPortalSession(
            PortalSession(
                tokenHash: APIKey.hash(of: token), principal: principal, createdAt: now,
                expiresAt: now.addingTimeInterval(TimeInterval(portal.sessionLifetime.components.seconds))),
            actor: actor)
        var response = PortalVisit.redirect(to: "/portal")
        response.setCookie(
            visit.cookie(Portal.sessionCookie, token, maxAge: Int(portal.sessionLifetime.components.seconds)))
        response.setCookie(visit.cookie(Portal.signInCookie, "", maxAge: 0))
        return response
    }

    /// Audits a refused sign-in from `address`, or only counts it when an entry about the address was
    /// written within the throttle's audit interval (the next entry then carries the count as `refusals`).
    private func auditRefusal(from address: String, subject: String, reason: String) async throws {
        guard let refusals = portal.services.signInThrottle.refusalsToAudit(address: address) else { return }
        try await portal.services.store.recordAccess(
            actor: "portal", action: "portal.sign-in-refused", subject: subject,
            detail: ["reason": .string(reason), "address": .string(address), "refusals": .integer(Int64(refusals))])
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        if let token = request.cookies[Portal.sessionCookie]?.value {
            try await portal.services.store.endPortalSession(
                tokenHash: APIKey.hash(of: token), actor: try visit.requireCredential().id)
        }
        var response = PortalVisit.redirect(to: "/portal/sign-in")
        response.setCookie(visit.cookie(Portal.sessionCookie, "", maxAge: 0))
        return response
    }
}

extension CredentialRole {
    /// Whether the role may use the portal: staff and admins; upstream systems use the API.
    var isPortalRole: Bool {
        switch self {
        case .staff, .admin: true
        case .upstream: false
        }
    }
}
