import Foundation
import GridwayCore
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Text a visitor controls, reflected or stored, stays inside its attribute value even when each quote is
/// followed by a combining mark (one grapheme cluster, but still a quote to an HTML parser).
@Suite(.timeLimit(.minutes(3))) struct PortalEscapingTests {
    /// Each quote followed by U+0301, so that a per-`Character` escaper lets it through.
    static let payload = "PROBE\"\u{301} autofocus onfocus=alert(1) x=\"\u{301}"

    /// The attribute value in `html` that starts with `PROBE`, read as an HTML parser reads it: up to the
    /// next `"` byte (UTF-8 never has that byte inside another character); and the byte after it.
    static func probedAttribute(in html: String) -> (value: String, next: UInt8?)? {
        let bytes = Array(html.utf8)
        let marker = Array("=\"PROBE".utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        let valueStart = start + 2
        guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return (String(decoding: bytes[valueStart..<end], as: UTF8.self), end + 1 < bytes.count ? bytes[end + 1] : nil)
    }

    /// `value` with the five references the portal writes turned back into their characters, byte by byte
    /// (a reference's `;` and a following combining mark are one `Character`, so `String` search misses it).
    static func unescaped(_ value: String) -> String {
        let references: [(text: String, byte: UInt8)] = [
            ("&quot;", UInt8(ascii: "\"")), ("&#39;", UInt8(ascii: "'")), ("&lt;", UInt8(ascii: "<")),
            ("&gt;", UInt8(ascii: ">")), ("&amp;", UInt8(ascii: "&")),
        ]
        var rest = Array(value.utf8)[...]
        var bytes: [UInt8] = []
        while let first = rest.first {
            if let reference = references.first(where: { rest.starts(with: $0.text.utf8) }) {
                bytes.append(reference.byte)
                rest = rest.dropFirst(reference.text.utf8.count)
            } else {
                bytes.append(first)
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Checks that the probe is one whole attribute value of `page`.
    static func expectContained(
        _ page: PortalBrowser.Page, closedBy closing: Character, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let attribute = probedAttribute(in: page.body) else {
            Issue.record("no probed attribute in the page", sourceLocation: sourceLocation)
            return
        }
        #expect(
            unescaped(attribute.value).unicodeScalars.elementsEqual(payload.unicodeScalars),
            sourceLocation: sourceLocation)
        #expect(
            attribute.next == closing.asciiValue, "the value ends where the page's markup closes it",
            sourceLocation: sourceLocation)
    }

    @Test func aReflectedPeriodStaysInsideItsAttribute() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let query = try #require(Self.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let form = try await browser.get("/portal/forms/elderly-visit@1?period=\(query)")
            #expect(form.status == .ok)
            Self.expectContained(form, closedBy: " ")
        }
    }

    @Test func aStoredValueStaysInsideItsAttributeInTheCorrectionForm() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let fields = PortalStaffTests.visitForm().map { $0.0 == "elderName" ? ("elderName", Self.payload) : $0 }
            let stored = try await browser.post("/portal/forms/elderly-visit@1", fields)
            let id = try #require(
                stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            // The correction form masks the name; shown for editing, it comes back inside its attribute.
            try await browser.get("/portal/forms/elderly-visit@1?correct=\(id)")
            let correction =
                PortalStaffTests.visitForm(idempotency: "correction").filter { $0.0 != "elderName" }
                .map { $0.0 == "_supersedes" ? ("_supersedes", id) : $0 } + [
                    ("_keep", "elderName"), ("_reveal", "elderName"),
                ]
            let form = try await browser.post("/portal/forms/elderly-visit@1/reveal", correction)
            #expect(form.status == .ok)
            Self.expectContained(form, closedBy: ">")
        }
    }
}
