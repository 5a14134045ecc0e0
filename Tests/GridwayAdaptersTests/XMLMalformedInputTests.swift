import GridwayAdapters
import GridwayCore
import Testing

@Suite struct XMLMalformedInputTests {
    /// Each malformed document with the exact location (byte offset, line, column) and reason.
    @Test(arguments: [
        ("<a>\n  <b></c></a>", 9, 2, 6, "mismatched end tag </c>; expected </b>"),
        ("<a>", 3, 1, 4, "end of input inside <a>; expected </a>"),
        ("<a><b>x</b>", 11, 1, 12, "end of input inside <a>; expected </a>"),
        ("", 0, 1, 1, "no root element"),
        ("  \n<!-- only -->", 16, 2, 14, "no root element"),
        ("hello", 0, 1, 1, "expected the root element"),
        ("<a/><b/>", 4, 1, 5, "content after the root element"),
        ("<a/>text", 4, 1, 5, "content after the root element"),
        (
            "<a>&xxe;</a>", 3, 1, 4,
            "undefined entity &xxe; (only lt, gt, amp, apos and quot are known; DTDs are refused)"
        ),
        ("<a>&amp</a>", 7, 1, 8, "expected ';' after &amp"),
        ("<a>& b</a>", 4, 1, 5, "expected the name of an entity reference"),
        ("<a>&#0;</a>", 3, 1, 4, "character reference to U+0000, which XML does not allow"),
        ("<a>&#xD800;</a>", 3, 1, 4, "character reference to U+D800, which XML does not allow"),
        ("<a>&#x110000;</a>", 3, 1, 4, "character reference out of range"),
        ("<a>&#12a;</a>", 3, 1, 4, "malformed character reference"),
        (#"<a b="1" b="2"/>"#, 9, 1, 10, "duplicate attribute b"),
        (#"<a b="1"c="2"/>"#, 8, 1, 9, "expected whitespace, '>' or '/>' in the start tag of <a>"),
        ("<a b=1/>", 5, 1, 6, "expected a quoted value"),
        ("<a b/>", 4, 1, 5, "expected '=' after the attribute name b"),
        ("<a b=\"1/>", 5, 1, 6, "unterminated attribute value"),
        (#"<a b="<"/>"#, 6, 1, 7, "'<' is not allowed in an attribute value"),
        ("<a>]]></a>", 3, 1, 4, "']]>' is not allowed in text"),
        ("<a><!-- x -- y --></a>", 10, 1, 11, "'--' is not allowed inside a comment"),
        ("<a><!-- x </a>", 3, 1, 4, "unterminated comment"),
        ("<a><![CDATA[x</a>", 3, 1, 4, "unterminated CDATA section"),
        ("<a><?pi x</a>", 3, 1, 4, "unterminated processing instruction"),
        (
            "<a><?xml version=\"1.0\"?></a>", 3, 1, 4,
            "an XML declaration is only allowed at the very start of the document"
        ),
        (
            " <?xml version=\"1.0\"?><a/>", 1, 1, 2,
            "an XML declaration is only allowed at the very start of the document"
        ),
        ("<a>\u{1}</a>", 3, 1, 4, "the control character U+0001 is not allowed in XML"),
        ("<a>\u{FFFF}</a>", 3, 1, 4, "the character U+FFFF is not allowed in XML"),
        ("<a><!ENTITY x \"y\"></a>", 3, 1, 4, "markup declarations are not allowed inside an element"),
        ("<1a/>", 1, 1, 2, "expected the name of an element"),
        ("<a></ a>", 5, 1, 6, "expected the name of an end tag"),
        ("<a></a b>", 7, 1, 8, "expected '>' to end </a>"),
        ("<a", 2, 1, 3, "end of input inside the start tag of <a>"),
        ("<?xml?><a/>", 5, 1, 6, "the XML declaration needs a version"),
        ("<?xml version=\"2.0\"?><a/>", 14, 1, 15, "unsupported XML version \"2.0\""),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", 31, 1, 32, "standalone must be \"yes\" or \"no\""),
        (
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 29, 1, 30,
            "unsupported encoding \"ISO-8859-1\"; use UTF-8 or GB18030"
        ),
        ("<?xml version=\"1.0\" foo=\"1\"?><a/>", 20, 1, 21, "expected '?>' to end the XML declaration"),
        ("<工作>\n<名称>王</名>", 20, 2, 6, "mismatched end tag </名>; expected </名称>"),
    ])
    func malformedDocumentsAreLocated(xml: String, offset: Int, line: Int, column: Int, reason: String) {
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(Array(xml.utf8)) }
        #expect(error?.format == .xml)
        #expect(error?.location == .text(offset: offset, line: line, column: column))
        #expect(error?.reason == reason)
    }

    /// XXE, external DTDs, parameter entities and billion laughs all need a DOCTYPE, which is refused
    /// before anything in it is read.
    @Test(arguments: [
        #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>"#,
        #"<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>"#,
        #"<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><r/>"#,
        """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <lolz>&lol3;</lolz>
        """,
    ])
    func doctypesAreRefused(xml: String) {
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(Array(xml.utf8)) }
        #expect(
            error?.reason == "a DOCTYPE is not allowed: DTDs, entity declarations and external entities are refused")
        let offset = Array(xml.utf8).firstRange(of: "<!DOCTYPE".utf8)?.lowerBound
        guard case .text(let at, _, _) = error?.location else {
            Issue.record("no text location")
            return
        }
        #expect(at == offset)
    }

    @Test func nestingIsLimitedTo256Elements() throws {
        func document(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)).utf8)
        }
        #expect(throws: Never.self) { try BodyFormat.xml.decode(document(256)) }
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(document(100_000)) }
        #expect(error?.reason == "elements nest deeper than 256")
        #expect(error?.location == .text(offset: 256 * 3, line: 1, column: 256 * 3 + 1))
    }

    @Test func offsetsInGB18030DocumentsAreTheBodyBytes() throws {
        let text = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<人员>王桂兰</人>"
        let body = try Charset.gb18030.encode(text)
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(body) }
        // 41 bytes of declaration and line feed, then "<人员>王桂兰" is 1+2+2+1+6 = 12 bytes in GB18030
        // and seven characters.
        #expect(error?.location == .text(offset: 53, line: 2, column: 8))
        #expect(error?.reason == "mismatched end tag </人>; expected </人员>")
    }

    @Test func invalidBytesAreLocated() {
        let utf8 = #expect(throws: CodecError.self) {
            try BodyFormat.xml.decode(Array("<a>\n x".utf8) + [0xFF] + Array("</a>".utf8))
        }
        #expect(utf8?.location == .text(offset: 6, line: 2, column: 3))
        #expect(utf8?.reason == "invalid UTF-8")

        let gb = Array(#"<?xml version="1.0" encoding="GB18030"?><a>"#.utf8) + [0xD6, 0xD0, 0xFF] + Array("</a>".utf8)
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(gb) }
        #expect(error?.location == .text(offset: 45, line: 1, column: 45))
        #expect(error?.reason == "invalid GB18030 byte sequence")

        let bom = #expect(throws: CodecError.self) {
            try BodyFormat.xml.decode(
                [0xEF, 0xBB, 0xBF] + Array(#"<?xml version="1.0" encoding="GB18030"?><a/>"#.utf8))
        }
        #expect(bom?.reason == "the declared encoding \"GB18030\" contradicts the body's UTF-8")
        #expect(bom?.location == .text(offset: 32, line: 1, column: 30))
    }
}
