import Foundation
import GridwayAdapters
import Testing

@Suite struct CharsetCodecTests {
    static let samples = ["和平区太原街街道", "王桂兰", "𠀀", "ASCII only", "", "混合 mixed 𠀀 € ü text\n", "𪚥𠮷"]

    @Test(arguments: Charset.allCases, samples)
    func textRoundTrips(charset: Charset, text: String) throws {
        let bytes = try charset.encode(text)
        #expect(try charset.decode(bytes) == text)
    }

    @Test(
        arguments: [
            ("中文", [0xD6, 0xD0, 0xCE, 0xC4]),
            ("王桂兰", [0xCD, 0xF5, 0xB9, 0xF0, 0xC0, 0xBC]),
            ("𠀀", [0x95, 0x32, 0x82, 0x36]),
            ("€", [0xA2, 0xE3]),
            ("a b", [0x61, 0x20, 0x62]),
        ] as [(String, [UInt8])])
    func gb18030HasTheStandardBytes(text: String, bytes: [UInt8]) throws {
        #expect(try Charset.gb18030.encode(text) == bytes)
        #expect(try Charset.gb18030.decode(bytes) == text)
    }

    @Test(
        arguments: [
            (Charset.gb18030, [0x41, 0x42, 0xD6, 0xD0, 0xFF, 0x41], 4, "invalid GB18030 byte sequence"),
            (.gb18030, [0x41, 0xD6], 1, "truncated GB18030 byte sequence at the end"),
            (.utf8, [0x61, 0xE4, 0xB8, 0x41], 1, "invalid UTF-8"),
            (.utf8, [0x61, 0x62, 0xC0, 0x80], 2, "invalid UTF-8"),
            (.utf8, [0xED, 0xA0, 0x80], 0, "invalid UTF-8"),
        ] as [(Charset, [UInt8], Int, String)])
    func invalidBytesAreLocated(charset: Charset, bytes: [UInt8], offset: Int, reason: String) {
        let error = #expect(throws: CharsetError.self) { try charset.decode(bytes) }
        #expect(error == CharsetError(charset: charset, offset: offset, reason: reason))
    }

    @Test(arguments: [
        ("utf-8", Charset.utf8), ("UTF-8", .utf8), ("utf8", .utf8), ("gb18030", .gb18030), (" GB18030 ", .gb18030),
        ("GBK", .gb18030), ("gb2312", .gb18030), ("cp936", .gb18030),
    ])
    func labelsNameCharsets(label: String, charset: Charset) {
        #expect(Charset(label: label) == charset)
    }

    @Test(arguments: ["latin1", "iso-8859-1", "utf-16", "big5", ""])
    func unknownLabelsAreRefused(label: String) {
        #expect(Charset(label: label) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Charset.self, from: Data("\"\(label)\"".utf8)) }
    }

    @Test(arguments: [
        ("text/xml;charset=GBK", Charset.gb18030), ("application/json; charset=\"utf-8\"", .utf8),
        ("text/csv; header=present; Charset = GB18030 ", .gb18030),
    ])
    func contentTypesNameCharsets(contentType: String, charset: Charset) {
        #expect(Charset(contentType: contentType) == charset)
    }

    @Test(arguments: ["application/json", "text/plain; charset=latin1", "text/xml; format=charset=utf-8", ""])
    func contentTypesWithoutAKnownCharset(contentType: String) {
        #expect(Charset(contentType: contentType) == nil)
    }

    @Test func charsetsAreWrittenByTheirIANANames() throws {
        #expect(
            String(decoding: try JSONEncoder().encode([Charset.utf8, .gb18030]), as: UTF8.self)
                == #"["utf-8","gb18030"]"#)
        #expect(Charset.gb18030.xmlName == "GB18030")
    }
}
