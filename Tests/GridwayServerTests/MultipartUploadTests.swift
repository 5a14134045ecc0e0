import Foundation
import GridwayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import GridwayServer

/// A multipart upload costs time linear in its size whatever its bytes, and nothing of its body is read
/// before its CSRF token and boundary are checked.
@Suite(.timeLimit(.minutes(3))) struct MultipartUploadTests {
    private static let uploadPath = "/portal/forms/elderly-visit@1/upload"

    /// Runs `body` with a staff user of 北京街社区 signed in to a fresh gateway's portal on a live server,
    /// which waits an hour for a body that does not come.
    private func signedIn(_ body: @escaping @Sendable (_ port: Int, PortalBrowser) async throws -> Void) async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        var services = gateway.services
        services.configuration.limits.requestBodyTimeout = .seconds(3600)
        try await buildApplication(services).test(.live) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            try await browser.get(Self.uploadPath)
            try await body(try #require(client.port), browser)
        }
    }

    /// Sends only the head of an upload announcing a 1 MB body, and returns what the server answers without it.
    private func answerWithoutBody(port: Int, browser: PortalBrowser, query: String, boundary: String) async throws
        -> String
    {
        let connection = try RawConnection(port: port)
        let cookies = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        try connection.send(
            "POST \(Self.uploadPath)\(query) HTTP/1.1\r\nHost: gridway\r\nCookie: \(cookies)\r\n"
                + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: 1000000\r\n\r\n")
        return await connection.read(timeout: .seconds(60)) { connection.text.contains("</html>") }.text
    }

    @Test func searchingForAPatternComparesEachByteAtMostTwice() {
        // The worst case of a naive search: every position matches all but the pattern's last byte.
        let pattern = BytePattern(Array(repeating: UInt8(ascii: "-"), count: 999) + [UInt8(ascii: "x")])
        let text = [UInt8](repeating: UInt8(ascii: "-"), count: 100_000)
        var comparisons = 0
        #expect(pattern.firstIndex(in: text[...], from: 0, comparisons: &comparisons) == nil)
        #expect(comparisons <= 2 * text.count, "\(comparisons) comparisons for \(text.count) bytes")

        let found = text + Array("x".utf8)
        #expect(pattern.firstIndex(in: found[...], from: 0) == found.count - 1000)
        #expect(BytePattern(Array("abab".utf8)).firstIndex(in: Array("abaabababab".utf8)[...], from: 4) == 5)
    }

    @Test(.timeLimit(.minutes(3)))
    func aBoundaryLongerThanRFC2046AllowsIsRefusedBeforeTheBodyIsRead() async throws {
        try await signedIn { port, browser in
            let query = "?_csrf=\(browser.csrf)"
            let long = try await answerWithoutBody(
                port: port, browser: browser, query: query, boundary: String(repeating: "b", count: 71))
            #expect(long.hasPrefix("HTTP/1.1 400"), "\(long.prefix(200))")
            #expect(long.contains("上传的文件没能读取"), "in the worker's language")
            let empty = try await browser.upload(Self.uploadPath, file: "period\n", boundary: "")
            #expect(empty.status == .badRequest)
            let longest = try await browser.upload(
                Self.uploadPath, file: "period\n", boundary: String(repeating: "b", count: 70))
            #expect(longest.status != .badRequest, "a boundary of 70 characters is allowed")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aLargeBodyWithTheLongestBoundaryParses() async throws {
        try await signedIn { _, browser in
            // Nearly 1 MiB of a file made mostly of the boundary's own character.
            let boundary = String(repeating: "-", count: 69) + "z"
            let line = String(repeating: "-", count: 67) + ",-\n"
            let file = "unit,period\n" + String(repeating: line, count: 14_000)
            let page = try await browser.upload(Self.uploadPath, file: file, boundary: boundary)
            #expect(page.status == .contentTooLarge, "the file was found and read whole: its rows are counted")
            #expect(page.body.contains("一个文件最多 1000 行"))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func anUploadsTokenIsCheckedBeforeItsBodyIsRead() async throws {
        try await signedIn { port, browser in
            let page = try await browser.get(Self.uploadPath)
            #expect(page.body.contains("upload?_csrf=\(browser.csrf)\""), "the form's action carries the token")
            for query in ["", "?_csrf=forged"] {
                let refused = try await answerWithoutBody(port: port, browser: browser, query: query, boundary: "b")
                #expect(refused.hasPrefix("HTTP/1.1 403"), "\(query): \(refused.prefix(200))")
            }
        }
    }
}
