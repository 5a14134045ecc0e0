import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird

/// Operator pages for who may do what: API keys, portal users, and the audit log with chain verification.
extension PortalController {
    func addAccessRoutes(to group: RouterGroup<Context>) {
        group.get("admin/access", use: access)
        group.post("admin/users", use: createUser)
        group.post("admin/users/{username}/{action}", use: userAction)
        group.post("admin/keys", use: createKey)
        group.post("admin/keys/{id}/revoke", use: revokeKey)
        group.get("admin/audit", use: audit)
    }

    @Sendable func access(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        try visit.requireAdmin()
        return await accessResponse(visit, errors: [], status: .ok)
    }

    /// What the new-user form was filled in with (never the password), to show again after an error.
    struct NewUserForm {
        var username = ""
        var displayName = ""
        var role = "staff"
        var unit = ""
    }

    @Sendable func createUser(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let form = try await visit.form()
        try visit.requireAdmin()
        let text = visit.text
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let displayName = (form["displayName"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String] = []
        if !PortalUsernames.isValid(username) { errors.append(text["users.badUsername"]) }
        if displayName.isEmpty { errors.append(text["users.badDisplayName"]) }
        if password.count < PasswordHasher.minimumLength {
            errors.append(text("users.shortPassword", String(PasswordHasher.minimumLength)))
        }
        let role: CredentialRole
        if form["role"] == "admin" {
            role = .admin
        } else {
            role = .staff(unit: unit)
            if !portal.services.units.contains(unit) { errors.append(text("users.badUnit", unit)) }
        }
        let typed = NewUserForm(
            username: username, displayName: displayName, role: form["role"] == "admin" ? "admin" : "staff", unit: unit)
        guard errors.isEmpty else {
            return await accessResponse(visit, errors: errors, status: .unprocessableContent, newUser: typed)
        }
        let hash = try await portal.passwordChecks.run { try PasswordHasher.standard.hash(password) }
        guard
            try await portal.services.store.createPortalUser(
                username: username, displayName: displayName, role: role, passwordHash: hash,
                by: try visit.requireCredential().id)
                != nil
        else {
            return await accessResponse(
                visit, errors: [text("users.taken", username)], status: .conflict, newUser: typed)
        }
        return PortalVisit.redirect(to: "/portal/admin/access", done: "user-created", fragment: "users")
    }

    @Sendable func userAction(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        try visit.requireAdmin()
        let username = try context.parameters.require("username")
        let disabled: Bool
        switch try context.parameters.require("action") {
        case "disable": disabled = true
        case "enable": disabled = false
        default: throw Problem.notFound(visit.text["error.notFound"])
        }
        let actor = try visit.requireCredential().id
        if disabled, try await portal.services.store.portalUser(username: username)?.id == actor {
            throw visit.problem(.conflict, .selfDisable)
        }
        guard try await portal.services.store.setPortalUser(username: username, disabled: disabled, by: actor)
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        return PortalVisit.redirect(
            to: "/portal/admin/access", done: disabled ? "user-disabled" : "user-enabled", fragment: "users")
    }

    /// Creates an API key and shows its secret on this one response only (never in a URL, never stored).
    @Sendable func createKey(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let form = try await visit.form()
        try visit.requireAdmin()
        let text = visit.text
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        let target = (form["target"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String] = name.isEmpty ? [text["keys.badName"]] : []
        let role: CredentialRole
        switch form["role"] {
        case "admin": role = .admin
        case "upstream": role = .upstream(target: target, jurisdiction: unit)
        default: role = .staff(unit: unit)
        }
        if let root = role.scopeRoot, !portal.services.units.contains(root) {
            errors.append(text("users.badUnit", root))
        }
        if case .upstream = role, !portal.services.targetDescriptors.contains(where: { $0.id == target }) {
            errors.append(text["keys.badTarget"])
        }
        guard errors.isEmpty else { return await accessResponse(visit, errors: errors, status: .unprocessableContent) }
        let key = APIKey.generate()
        let credential = try await portal.services.store.createCredential(
            name: name, role: role, keyHash: key.hash, by: try visit.requireCredential().id)
        return await accessResponse(visit, errors: [], status: .created, created: (credential, key.secret))
    }

    @Sendable func revokeKey(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try await visit.form()
        try visit.requireAdmin()
        guard
            try await portal.services.store.revokeCredential(
                id: try context.parameters.require("id"), by: try visit.requireCredential().id)
        else { throw Problem.notFound(visit.text["error.notFound"]) }
        return PortalVisit.redirect(to: "/portal/admin/access", done: "key-revoked", fragment: "keys")
    }

    private func accessResponse(
        _ visit: PortalVisit, errors: [String], status: HTTPResponse.Status, created: (Credential, String)? = nil,
        newUser: NewUserForm = NewUserForm()
    ) async -> Response {
        let text = visit.text
        let store = portal.services.store
        let keys = (try? await store.credentials()) ?? []
        let users = (try? await store.portalUsers()) ?? []
        let keyRows = keys.html { key -> HTML in
            let revoke: HTML =
                key.isActive && key.id != visit.credential?.id
                ? visit.actionButton(
                    "/portal/admin/keys/\(key.id)/revoke", text["keys.revoke"], confirm: text["keys.revokeConfirm"])
                : .empty
            return """
                <tr><td data-label="\(text["keys.id"])"><code>\(key.id)</code></td><td data-label="\(text["keys.name"])">\(key.name)</td>
                <td data-label="\(text["keys.role"])">\(roleText(key.role, visit))</td><td data-label="\(text["keys.created"])">\(visit.format(key.createdAt))</td>
                <td data-label="\(text["keys.status"])">\(key.revokedAt.map { text("keys.revokedAt", visit.format($0)) } ?? text["keys.active"])</td><td>\(revoke)</td></tr>
                """
        }
        let userRows = users.html { user -> HTML in
            let state = user.disabledAt != nil ? text["users.disabled"] : text["users.active"]
            let toggle: HTML =
                user.id == visit.credential?.id
                ? .empty
                : visit.actionButton(
                    "/portal/admin/users/\(user.username)/\(user.disabledAt == nil ? "disable" : "enable")",
                    text[user.disabledAt == nil ? "users.disable" : "users.enable"])
            return """
                <tr><td data-label="\(text["users.username"])">\(user.username)</td><td data-label="\(text["users.displayName"])">\(user.displayName)</td>
                <td data-label="\(text["keys.role"])">\(roleText(user.role, visit))</td><td data-label="\(text["keys.created"])">\(visit.format(user.createdAt))</td>
                <td data-label="\(text["keys.status"])">\(state)</td><td>\(toggle)</td></tr>
                """
        }
        let alert: HTML =
            errors.isEmpty
            ? .empty : "<div class=\"error-summary\" role=\"alert\"><ul>\(errors.html { "<li>\($0)</li>" })</ul></div>"
        let secret: HTML =
            created.map { credential, secret in
                """
                <div class="notice" role="status" id="new-key"><p>\(text("keys.newKey", credential.id))</p>
                <p><code class="secret">\(secret)</code></p><p>\(text["keys.shownOnce"])</p></div>
                """
            } ?? .empty
        let body: HTML = """
            <h1>\(text["access.heading"])</h1>\(visit.confirmation())
            <h2 id="users">\(text["users.heading"])</h2>
            <table class="list"><thead><tr><th scope="col">\(text["users.username"])</th><th scope="col">\(text["users.displayName"])</th><th scope="col">\(text["keys.role"])</th>
            <th scope="col">\(text["keys.created"])</th><th scope="col">\(text["keys.status"])</th><th scope="col"><span class="sr-only">\(text["common.actions"])</span></th></tr></thead><tbody>\(userRows)</tbody></table>
            <h3>\(text["users.create"])</h3>\(alert)
            <form method="post" action="/portal/admin/users" class="stack narrow">\(visit.csrfField)
            <label for="u-username">\(text["users.username"])</label><input id="u-username" name="username" required pattern="[a-z0-9._\\-]{3,32}" autocomplete="off" aria-describedby="u-username-hint" value="\(newUser.username)">
            <p class="hint" id="u-username-hint">\(text["users.usernameHint"])</p>
            <label for="u-display">\(text["users.displayName"])</label><input id="u-display" name="displayName" required value="\(newUser.displayName)">
            <label for="u-role">\(text["keys.role"])</label><select id="u-role" name="role"><option value="staff">\(text["role.staff"])</option><option value="admin"\(newUser.role == "admin" ? HTML(raw: " selected") : .empty)>\(text["role.admin"])</option></select>
            <label for="u-unit">\(text["users.unit"])</label><input id="u-unit" name="unit" inputmode="numeric" aria-describedby="u-unit-hint" value="\(newUser.unit)"><p class="hint" id="u-unit-hint">\(text["users.unitHint"])</p>
            <label for="u-password">\(text["users.password"])</label><input id="u-password" name="password" type="password" required minlength="\(PasswordHasher.minimumLength)" autocomplete="new-password">
            <button type="submit" class="primary">\(text["users.createSubmit"])</button></form>
            <h2 id="keys">\(text["keys.heading"])</h2>\(secret)
            <table class="list"><thead><tr><th scope="col">\(text["keys.id"])</th><th scope="col">\(text["keys.name"])</th><th scope="col">\(text["keys.role"])</th>
            <th scope="col">\(text["keys.created"])</th><th scope="col">\(text["keys.status"])</th><th scope="col"><span class="sr-only">\(text["common.actions"])</span></th></tr></thead><tbody>\(keyRows)</tbody></table>
            <h3>\(text["keys.create"])</h3>
            <form method="post" action="/portal/admin/keys" class="stack narrow">\(visit.csrfField)
            <label for="k-name">\(text["keys.name"])</label><input id="k-name" name="name" required>
            <label for="k-role">\(text["keys.role"])</label><select id="k-role" name="role"><option value="staff">\(text["role.staff"])</option>
            <option value="upstream">\(text["role.upstream"])</option><option value="admin">\(text["role.admin"])</option></select>
            <label for="k-unit">\(text["keys.unit"])</label><input id="k-unit" name="unit" inputmode="numeric">
            <label for="k-target">\(text["keys.target"])</label><input id="k-target" name="target" aria-describedby="k-target-hint"><p class="hint" id="k-target-hint">\(text["keys.targetHint"])</p>
            <button type="submit" class="primary">\(text["keys.createSubmit"])</button></form>
            """
        return await visit.page(text["access.heading"], body, status: status)
    }

    /// Who each audit actor is, by id: a portal user's name and username, an API key's name, the command line.
    private func actorNames(_ visit: PortalVisit) async -> [String: String] {
        let store = portal.services.store
        var names = ["cli": visit.text["actor.cli"], "demo": visit.text["actor.demo"]]
        for key in (try? await store.credentials()) ?? [] { names[key.id] = visit.text("actor.key", key.name) }
        for user in (try? await store.portalUsers()) ?? [] {
            names[user.id] = visit.text("actor.user", user.displayName, user.username)
        }
        return names
    }

    private func roleText(_ role: CredentialRole, _ visit: PortalVisit) -> String {
        switch role {
        case .staff(let unit): visit.text("role.staffOf", visit.unitName(unit))
        case .upstream(let target, let jurisdiction):
            visit.text("role.upstreamOf", target, visit.unitName(jurisdiction))
        case .admin: visit.text["role.admin"]
        }
    }

    @Sendable func audit(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        try visit.requireAdmin()
        let text = visit.text
        let store = portal.services.store
        let head = try await store.auditHead()?.sequence ?? 0
        let window = try AuditPageWindow(upTo: request.uri.queryParameters.get("upTo"), head: head)
        let from = window.from
        let entries = window.count == 0 ? [] : try await store.auditEntries(from: from, limit: window.count).reversed()
        var verification: HTML =
            "<a class=\"button primary\" href=\"/portal/admin/audit?verify=1\">\(text["audit.verify"])</a>"
        if request.uri.queryParameters.get("verify") == "1" {
            switch try await store.verifyAuditChain() {
            case .intact(let count):
                verification =
                    "<p class=\"notice\" role=\"status\" id=\"audit-verdict\">\(text("audit.intact", String(count)))</p>"
            case .broken(let sequence, let reason):
                verification =
                    "<p class=\"alert\" role=\"alert\" id=\"audit-verdict\">\(text("audit.broken", String(sequence), reason))</p>"
            }
        }
        let actors = await actorNames(visit)
        let rows = entries.html { entry in
            """
            <tr><td class="num">\(String(entry.sequence))</td><td>\(visit.format(entry.at))</td>
            <td>\(actors[entry.actor] ?? entry.actor)<br><code class="meta">\(entry.actor)</code></td>
            <td>\(text.strings["auditAction." + entry.action] ?? entry.action)<br><code class="meta">\(entry.action)</code></td><td><code>\(entry.subject)</code></td><td class="detail"><code>\(entry.detail.serializedString())</code></td>
            <td><code title="\(entry.hash)">\(String(entry.hash.prefix(12)))…</code></td></tr>
            """
        }
        let older: HTML =
            from > 1
            ? "<p><a href=\"/portal/admin/audit?upTo=\(String(from - 1))\">\(text["common.more"])</a></p>" : .empty
        let body: HTML = """
            <h1>\(text["audit.heading"])</h1><p class="lead">\(text("audit.intro", String(head)))</p>\(verification)
            <table class="list audit"><thead><tr><th scope="col">#</th><th scope="col">\(text["audit.at"])</th><th scope="col">\(text["audit.actor"])</th>
            <th scope="col">\(text["audit.action"])</th><th scope="col">\(text["audit.subject"])</th><th scope="col">\(text["audit.detail"])</th><th scope="col">\(text["audit.hash"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(older)
            """
        return await visit.page(text["audit.heading"], body)
    }
}

/// The usernames the portal accepts: 3 to 32 lowercase letters, digits, `.`, `_` or `-`.
public enum PortalUsernames {
    /// Whether `username` is acceptable.
    public static func isValid(_ username: String) -> Bool {
        (3...32).contains(username.count)
            && username.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            }
    }
}
