import Foundation
import GridwayCore
import GridwaySQLite
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A browser's part in portal router tests: it keeps the cookies the portal sets and finds each page's CSRF token.
final class PortalBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    /// Cookies by name, as the last response set them.
    private(set) var cookies: [String: String] = [:]
    /// The CSRF token of the last page that had a form.
    private(set) var csrf = ""
    /// Headers sent with every request, such as a TLS-terminating proxy's `X-Forwarded-Proto`.
    var extraHeaders = HTTPFields()

    init(_ client: some TestClientProtocol) { self.client = client }

    /// A page's status, headers and body text; remembers cookies and the form token.
    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        /// The body as sent, for downloads.
        var bytes: [UInt8] = []
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil, contentType: nil)
    }

    /// Posts a URL-encoded form; `_csrf` is added unless `csrf` gives another (or `""` for none).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        var all = fields
        let token = csrf ?? self.csrf
        if !token.isEmpty { all.append(("_csrf", token)) }
        let body = all.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await send(
            path, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    /// Posts a file in a multipart form, with the CSRF token in the query as the upload form's action carries it.
    @discardableResult
    func upload(_ path: String, file: String, name: String = "file", boundary: String = "----gridway-test-boundary")
        async throws -> Page
    {
        try await upload(path, bytes: Array(file.utf8), name: name, boundary: boundary)
    }

    /// Posts `bytes` as the file input `name` of a `multipart/form-data` form (or as a plain field when `filename` is `nil`).
    func upload(
        _ path: String, bytes: [UInt8], name: String = "file", filename: String? = "reports.csv",
        boundary: String = "----gridway-test-boundary"
    ) async throws -> Page {
        let disposition = filename.map { "; filename=\"\($0)\"\r\nContent-Type: application/octet-stream" } ?? ""
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\(disposition)\r\n\r\n".utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await send(
            "\(path)?_csrf=\(csrf)", method: .post, body: ByteBuffer(bytes: body),
            contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Signs in with a username and password (or an API key when `key` is given) from a fresh sign-in page.
    @discardableResult
    func signIn(username: String = "", password: String = "", key: String? = nil) async throws -> Page {
        try await get("/portal/sign-in")
        if let key { return try await post("/portal/sign-in", [("method", "key"), ("key", key)]) }
        return try await post(
            "/portal/sign-in", [("method", "password"), ("username", username), ("password", password)])
    }

    private func send(_ path: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws
        -> Page
    {
        var headers = extraHeaders
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        let page = try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Page(
                status: response.status, headers: response.headers, body: String(buffer: response.body),
                bytes: Array(buffer: response.body))
        }
        for cookie in page.headers[values: .setCookie] {
            let pair = cookie.prefix { $0 != ";" }.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || cookie.contains("Max-Age=0") {
                cookies.removeValue(forKey: String(pair[0]))
            } else {
                cookies[String(pair[0])] = String(pair[1])
            }
        }
        if let range = page.body.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(page.body[range.upperBound...].prefix { $0 != "\"" })
        }
        return page
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestGateway {
    /// Creates a portal user with `password` and returns it.
    @discardableResult
    func portalUser(_ username: String, role: CredentialRole, password: String = "correct horse battery") async throws
        -> PortalUser
    {
        try #require(
            try await store.createPortalUser(
                username: username, displayName: username, role: role,
                passwordHash: try PasswordHasher(logCost: 10, blockSize: 8, parallelism: 1).hash(password),
                by: "test"))
    }

    /// Runs `body` with a browser signed in to the portal as `liximei`, a community worker of
    /// 210102001001 (北京街社区), created for it.
    func withCommunityWorker<Value>(_ body: @Sendable (PortalBrowser) async throws -> Value) async throws -> Value {
        try await portalUser("liximei", role: .staff(unit: "210102001001"))
        return try await application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            return try await body(browser)
        }
    }
}
