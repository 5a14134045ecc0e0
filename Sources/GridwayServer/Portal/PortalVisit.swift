import Foundation
import GridwayCore
import GridwayStore
import HTTPTypes
import Hummingbird

/// One request to the portal: who is signed in, in which language, and the CSRF token its forms carry.
struct PortalVisit: Sendable {
    let portal: Portal
    let request: Request
    /// The signed-in caller, if any.
    let credential: Credential?
    /// The interface language: `?lang=` first, then the language cookie, then Chinese.
    let language: PortalLanguage
    /// The interface text.
    let text: PortalText
    /// The token every form of this page carries (bound to the session, or to the sign-in cookie).
    var csrfToken: String

    init(portal: Portal, request: Request, credential: Credential?) {
        self.portal = portal
        self.request = request
        self.credential = credential
        let chosen = request.uri.queryParameters.get("lang").flatMap(PortalLanguage.init(rawValue:))
        language =
            chosen ?? request.cookies[Portal.languageCookie].flatMap { PortalLanguage(rawValue: $0.value) } ?? .zh
        text = portal.catalog.text(language)
        if let session = request.cookies[Portal.sessionCookie]?.value, credential != nil {
            csrfToken = Portal.csrfToken(forSession: session)
        } else {
            csrfToken = request.cookies[Portal.signInCookie]?.value ?? ""
        }
    }

    /// The visit of a route's request, with the credential the portal middleware found.
    init(_ portal: Portal, _ request: Request, _ context: some AuthenticatedRequestContext) {
        self.init(portal: portal, request: request, credential: context.credential)
    }

    /// The signed-in caller; the middleware already turned away requests without one.
    func requireCredential() throws -> Credential {
        guard let credential else { throw Problem.unauthenticated("sign in first") }
        return credential
    }

    /// The unit of a staff caller; 403 for any other role.
    func staffUnit() throws -> String {
        let credential = try requireCredential()
        guard case .staff(let unit) = credential.role else {
            throw problem(.forbidden, .staffOnly)
        }
        return unit
    }

    /// Requires an admin caller; 403 for any other.
    func requireAdmin() throws {
        guard try requireCredential().role == .admin else {
            throw problem(.forbidden, .adminOnly)
        }
    }

    /// Whether the connection reached us over TLS: Gridway serves HTTPS itself, or a proxy in front says so.
    var isSecure: Bool {
        portal.services.serverTLS != nil || request.head.scheme == "https"
            || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
    }

    /// A cookie the portal sets: HttpOnly, SameSite=Strict, path `/portal`, Secure over TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/portal", secure: isSecure, httpOnly: true,
            sameSite: .strict)
    }

    // MARK: Forms

    /// The URL-encoded form of a POST, after checking its CSRF token.
    func form() async throws -> PortalForm {
        let bytes = try await request.bodyBytes(limit: portal.services.configuration.bodyLimit)
        let form = PortalForm(urlEncoded: String(decoding: bytes, as: UTF8.self))
        try checkCSRF(form["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!])
        return form
    }

    /// The `multipart/form-data` form of a POST (a file upload). Its CSRF token comes in the query (the
    /// form's action carries it) or the `X-CSRF-Token` header, and is checked with the boundary before
    /// any of the body is read.
    func multipartForm() async throws -> PortalForm {
        try checkCSRF(request.uri.queryParameters.get("_csrf") ?? request.headers[HTTPField.Name("X-CSRF-Token")!])
        let boundary = try MultipartBoundary(contentType: request.headers[.contentType])
        let bytes = try await request.bodyBytes(limit: portal.services.configuration.bodyLimit)
        return PortalForm(multipart: bytes, boundary: boundary)
    }

    /// Refuses a POST whose token is not this session's.
    func checkCSRF(_ presented: String?) throws {
        guard let presented, Portal.tokensMatch(presented, csrfToken) else {
            throw problem(.forbidden, .csrf)
        }
    }

    /// The hidden input carrying the CSRF token.
    var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrfToken)\">" }

    /// A form that posts to `action` with only a button, for one-click actions (acknowledge, replay, pause…).
    func actionButton(_ action: String, _ label: String, style: String = "", confirm: String? = nil) -> HTML {
        let confirmAttribute: HTML = confirm.map { " data-confirm=\"\($0)\"" } ?? .empty
        return
            "<form method=\"post\" action=\"\(action)\" class=\"inline\"\(confirmAttribute)>\(csrfField)<button type=\"submit\" class=\"\(style)\">\(label)</button></form>"
    }

    // MARK: Responses

    /// `303 See Other` to `path` with a confirmation code (`done=`) that the page shows as ``confirmation(_:)``.
    static func redirect(to path: String, done: String, fragment: String = "") -> Response {
        redirect(to: "\(path)?done=\(done)\(fragment.isEmpty ? "" : "#" + fragment)")
    }

    /// The confirmation of the action that led here (`?done=<code>`, text `done.<code>` with `{1}` filled
    /// by `argument`), or nothing when there is none or the code is unknown.
    func confirmation(_ argument: String = "") -> HTML {
        guard let code = request.uri.queryParameters.get("done"), text.strings["done." + code] != nil else {
            return .empty
        }
        return "<p class=\"notice\" role=\"status\" id=\"confirmation\">\(text("done." + code, argument))</p>"
    }

    /// `303 See Other` to `location`.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentLength: "0"])
    }

    /// A complete page with the layout, navigation and language switch.
    func page(_ title: String, _ body: HTML, status: HTTPResponse.Status = .ok) async -> Response {
        let unread = await unreadCount()
        let html = PortalLayout(visit: self, unread: unread).render(title: title, body: body)
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html.description)))
        if request.uri.queryParameters.get("lang").flatMap(PortalLanguage.init(rawValue:)) != nil {
            response.setCookie(cookie(Portal.languageCookie, language.rawValue, maxAge: 365 * 86400))
        }
        return response
    }

    /// A fragment of HTML on its own, for scripts that refresh part of a page.
    func fragment(_ body: HTML) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body.description)))
    }

    /// A problem raised by the portal itself, its title and detail in the reader's language.
    func problem(_ status: HTTPResponse.Status, _ type: ProblemType) -> Problem {
        Problem(status, type, title: text[type.textKey], detail: text[type.textKey + ".detail"])
    }

    /// The page for a problem: its type's title and detail in the reader's language, with the status.
    func errorPage(_ problem: Problem) -> Response {
        let (title, detail) = problem.words(in: text)
        let body: HTML = """
            <section class="panel error-panel" role="alert"><h1>\(title)</h1><p>\(detail)</p>
            <p><a href="/portal">\(text["nav.home"])</a></p></section>
            """
        let html = PortalLayout(visit: self, unread: nil).render(title: title, body: body)
        var headers = problem.headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(
            status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.description)))
    }

    /// The staff caller's unread inbox items (counting at most 100), or `nil` for other roles.
    private func unreadCount() async -> Int? {
        guard case .staff(let unit)? = credential?.role else { return nil }
        var query = InboxQuery(unit: unit, ancestors: portal.services.units.ancestors(of: unit).map(\.code))
        query.unreadOnly = true
        query.limit = 100
        return try? await portal.services.store.inbox(query).items.count
    }

    // MARK: Formatting

    /// A date and time in the interface's style (China Standard Time).
    func format(_ date: Date) -> String {
        BeijingTime.minute(date)
    }

    /// An org unit's name and code, e.g. `北京街社区 (210102001001)`.
    func unitName(_ code: String) -> String {
        portal.services.units.unit(code).map { "\($0.name) (\(code))" } ?? code
    }
}
