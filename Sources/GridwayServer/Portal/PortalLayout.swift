import GridwayCore
import HummingbirdCore

/// The shell of every portal page: header with navigation by role, language switch, main content.
struct PortalLayout {
    let visit: PortalVisit
    /// The staff caller's unread inbox count, shown as a badge.
    let unread: Int?

    func render(title: String, body: HTML) -> HTML {
        let text = visit.text
        let other: PortalLanguage = visit.language == .zh ? .en : .zh
        var path = visit.request.uri.path
        if !path.hasPrefix("/portal") { path = "/portal" }
        let switchLink: HTML =
            "<a class=\"lang\" href=\"\(path)?lang=\(other.rawValue)\" lang=\"\(other.tag)\">\(text["lang.switch"])</a>"
        var header: HTML = .empty
        if let credential = visit.credential {
            header = """
                <nav aria-label="\(text["nav.label"])"><ul>\(navigation(for: credential))</ul></nav>
                <div class="who"><span>\(credential.name) · \(roleLabel(credential))</span>
                <form method="post" action="/portal/sign-out" class="inline">\(visit.csrfField)<button type="submit" class="link">\(text["nav.signOut"])</button></form>
                \(switchLink)</div>
                """
        } else {
            header = "<div class=\"who\">\(switchLink)</div>"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(visit.language.tag)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(text["app.name"])</title>
            <link rel="stylesheet" href="/portal/static/portal.css">
            <script src="/portal/static/portal.js" defer></script></head>
            <body data-csrf="\(visit.csrfToken)">
            <a class="skip" href="#main">\(text["nav.skip"])</a>
            <header class="top"><a class="brand" href="/portal">\(text["app.name"])</a>\(header)</header>
            <main id="main" tabindex="-1">
            \(body)
            </main>
            <footer class="foot">\(text["app.footer"])</footer>
            </body></html>
            """
    }

    private func navigation(for credential: Credential) -> HTML {
        let text = visit.text
        var links: [(String, String, HTML)] = []
        switch credential.role {
        case .staff:
            let badge: HTML =
                unread.map { count in
                    count > 0
                        ? "<span class=\"badge\" id=\"unread-count\" aria-label=\"\(text("inbox.unreadCount", String(count)))\">\(count >= 100 ? "99+" : String(count))</span>"
                        : "<span class=\"badge\" id=\"unread-count\" hidden>0</span>"
                } ?? .empty
            links = [
                ("/portal/tasks", text["nav.tasks"], .empty), ("/portal/forms", text["nav.forms"], .empty),
                ("/portal/submissions", text["nav.submissions"], .empty), ("/portal/inbox", text["nav.inbox"], badge),
                ("/portal/aggregates", text["nav.aggregates"], .empty),
            ]
        case .admin:
            links = [
                ("/portal/admin/deliveries", text["nav.deliveries"], .empty),
                ("/portal/admin/targets", text["nav.targets"], .empty),
                ("/portal/admin/adapters", text["nav.adapters"], .empty),
                ("/portal/admin/access", text["nav.access"], .empty),
                ("/portal/admin/audit", text["nav.audit"], .empty),
                ("/portal/submissions", text["nav.submissions"], .empty),
                ("/portal/aggregates", text["nav.aggregates"], .empty),
            ]
        case .upstream:
            links = []
        }
        let current = visit.request.uri.path
        return links.html { link in
            let here = current == link.0 || current.hasPrefix(link.0 + "/")
            return
                "<li><a href=\"\(link.0)\"\(here ? HTML(raw: " aria-current=\"page\"") : .empty)>\(link.1)\(link.2)</a></li>"
        }
    }

    private func roleLabel(_ credential: Credential) -> String {
        switch credential.role {
        case .staff(let unit): visit.unitName(unit)
        case .admin: visit.text["role.admin"]
        case .upstream: visit.text["role.upstream"]
        }
    }
}
