import Foundation
@testable import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A multipart upload costs time linear in its size whatever its bytes, and nothing of its body is read
/// before its CSRF token and boundary are checked.
@Suite struct MultipartUploadTests {
    private static let uploadPath = "/portal/forms/elderly-visit@1/upload"

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

    @Test func aBoundaryLongerThanRFC2046AllowsIsRefusedBeforeTheBodyIsRead() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            try await browser.get(Self.uploadPath)
            let long = try await browser.upload(Self.uploadPath, file: "period\n", boundary: String(repeating: "b", count: 71))
            #expect(long.status == .badRequest)
            #expect(long.body.contains("Invalid multipart boundary"))
            let empty = try await browser.upload(Self.uploadPath, file: "period\n", boundary: "")
            #expect(empty.status == .badRequest)
        }
    }

    @Test func aLargeBodyWithTheLongestBoundaryParses() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            try await browser.get(Self.uploadPath)
            // Nearly 1 MiB of a file made mostly of the boundary's own character.
            let boundary = String(repeating: "-", count: 69) + "z"
            let line = String(repeating: "-", count: 67) + ",-\n"
            let file = "unit,period\n" + String(repeating: line, count: 14_000)
            let page = try await browser.upload(Self.uploadPath, file: file, boundary: boundary)
            #expect(page.status == .contentTooLarge, "the file was found and read whole: its rows are counted")
            #expect(page.body.contains("一个文件最多 1000 行"))
        }
    }

    @Test func anUploadWithoutItsTokenInTheQueryIsRefusedUnread() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let page = try await browser.get(Self.uploadPath)
            #expect(page.body.contains("upload?_csrf=\(browser.csrf)\""), "the form's action carries the token")
            // The token only in the body, as before: refused without reading it.
            let boundary = "----gridway-test-boundary"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n--\(boundary)--\r\n"
            let before = try await gateway.storedCounts().submissions
            try await client.execute(
                uri: Self.uploadPath, method: .post,
                headers: [
                    .cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                    .contentType: "multipart/form-data; boundary=\(boundary)",
                ],
                body: ByteBuffer(string: body)
            ) { response in #expect(response.status == .forbidden) }
            #expect(try await gateway.storedCounts().submissions == before)
        }
    }
}
