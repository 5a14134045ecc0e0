import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

/// Parses a JSON literal for the codec tests.
func codecJSON(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}

/// The UTF-8 text of a body.
func codecText(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

@Suite struct BodyFormatCodecTests {
    @Test(arguments: [
        (BodyFormat.json, Charset.utf8, true, "application/json; charset=utf-8"),
        (.xml, .utf8, true, "application/xml; charset=utf-8"),
        (.xml, .gb18030, true, "application/xml; charset=gb18030"),
        (.form, .gb18030, true, "application/x-www-form-urlencoded; charset=gb18030"),
        (.csv, .utf8, true, "text/csv; charset=utf-8; header=present"),
        (.csv, .gb18030, false, "text/csv; charset=gb18030; header=absent"),
    ])
    func contentTypeReflectsTheOptions(format: BodyFormat, charset: Charset, header: Bool, expected: String) {
        #expect(format.contentType(options: BodyFormatOptions(charset: charset, header: header)) == expected)
    }

    @Test func formatsAndOptionsDecodeFromConfiguration() throws {
        let formats = try JSONDecoder().decode([BodyFormat].self, from: Data(#"["json","xml","form","csv"]"#.utf8))
        #expect(formats == [.json, .xml, .form, .csv])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BodyFormat.self, from: Data(#""XML""#.utf8)) }

        let options = try JSONDecoder().decode(
            BodyFormatOptions.self,
            from: Data(
                #"{"charset":"GB18030","delimiter":"\t","root":"soap:Envelope","namespaces":{"soap":"urn:s"},"arrayElements":["item"]}"#
                    .utf8))
        #expect(
            options
                == BodyFormatOptions(
                    charset: .gb18030, delimiter: .tab, header: true, root: "soap:Envelope",
                    namespaces: ["soap": "urn:s"],
                    arrayElements: ["item"]))
        #expect(try JSONDecoder().decode(BodyFormatOptions.self, from: Data("{}".utf8)) == BodyFormatOptions())
        let written = try JSONEncoder().encode(BodyFormatOptions(charset: .gb18030, delimiter: .pipe, header: false))
        #expect(
            try JSONDecoder().decode(BodyFormatOptions.self, from: written)
                == BodyFormatOptions(charset: .gb18030, delimiter: .pipe, header: false))
    }

    @Test(arguments: [#""""#, #"",,""#, #""a""#, #""1""#, #"" ""#, #""\"""#, #""\n""#, #""中""#])
    func invalidDelimitersAreRefused(literal: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CSVDelimiter.self, from: Data(literal.utf8)) }
    }

    @Test func delimitersAreSinglePunctuationCharacters() {
        #expect(CSVDelimiter(";") == .semicolon)
        #expect(CSVDelimiter("\t") == .tab)
        #expect(CSVDelimiter("^")?.description == "^")
        #expect(CSVDelimiter("\"") == nil)
        #expect(CSVDelimiter("x") == nil)
        #expect(CSVDelimiter("，") == nil)
    }

    @Test(arguments: [Charset.utf8, .gb18030])
    func jsonRoundTripsInBothCharsets(charset: Charset) throws {
        let value = try codecJSON(#"{"street":"和平区太原街街道","name":"王桂兰","rare":"𠀀","age":81,"ok":true,"none":null}"#)
        let options = BodyFormatOptions(charset: charset)
        let bytes = try BodyFormat.json.encode(value, options: options)
        #expect(try BodyFormat.json.decode(bytes, options: options) == value)
        #expect(bytes == (try charset.encode(value.serializedString())))
    }

    @Test func gb18030JsonHasTheNationalStandardBytes() throws {
        let bytes = try BodyFormat.json.encode(["k": "中文"], options: BodyFormatOptions(charset: .gb18030))
        #expect(bytes == Array(#"{"k":""#.utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array(#""}"#.utf8))
    }

    @Test func jsonErrorsPointAtTheBodyBytes() throws {
        let plain = #expect(throws: CodecError.self) { try BodyFormat.json.decode(Array("{\n \"a\": tru}".utf8)) }
        #expect(plain?.format == .json)
        #expect(plain?.location == .text(offset: 8, line: 2, column: 7))

        let bom = #expect(throws: CodecError.self) {
            try BodyFormat.json.decode([0xEF, 0xBB, 0xBF] + Array("[1,]".utf8))
        }
        #expect(bom?.location == .text(offset: 6, line: 1, column: 4))

        // "名" is two bytes in GB18030 and three in UTF-8: the offset is the GB18030 one.
        let gb = try Charset.gb18030.encode("{\"名\": x}")
        let error = #expect(throws: CodecError.self) {
            try BodyFormat.json.decode(gb, options: BodyFormatOptions(charset: .gb18030))
        }
        #expect(error?.location == .text(offset: 7, line: 1, column: 7))
        #expect(error?.description.hasPrefix("json: ") == true)
    }

    @Test func aUTF8ByteOrderMarkWinsOverTheConfiguredCharset() throws {
        let body = [0xEF, 0xBB, 0xBF] + Array(#"{"a":"王"}"#.utf8)
        #expect(try BodyFormat.json.decode(body, options: BodyFormatOptions(charset: .gb18030)) == ["a": "王"])
    }

    @Test func invalidCharsetBytesAreLocated() {
        let error = #expect(throws: CodecError.self) {
            try BodyFormat.json.decode(Array("[\n\"a".utf8) + [0xFF] + Array("\"]".utf8))
        }
        #expect(error?.location == .text(offset: 4, line: 2, column: 3))
        #expect(error?.reason == "invalid UTF-8")
    }

    @Test func errorDescriptionsNameFormatReasonAndLocation() {
        let text = CodecError(format: .xml, location: .text(offset: 9, line: 2, column: 6), reason: "oops")
        #expect(text.description == "xml: oops at line 2, column 6 (byte 9)")
        let pointer = CodecError(format: .csv, location: .value(JSONPointer(tokens: ["0", "a/b"])), reason: "bad")
        #expect(pointer.description == "csv: bad at /0/a~1b")
        #expect(
            CodecError(format: .form, location: .value(.root), reason: "bad").description == "form: bad at the root")
    }
}
