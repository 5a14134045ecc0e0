import GridwayJSON
import OrderedCollections
import Testing

@Suite struct JSONParserTests {
    @Test func parsesScalars() throws {
        #expect(try JSONValue(parsing: "null") == .null)
        #expect(try JSONValue(parsing: " true ") == .bool(true))
        #expect(try JSONValue(parsing: "false") == .bool(false))
        #expect(try JSONValue(parsing: "-12") == .integer(-12))
        #expect(try JSONValue(parsing: "0") == .integer(0))
        #expect(try JSONValue(parsing: "-0") == .integer(0))
        #expect(try JSONValue(parsing: "1.5e2") == .number(150))
        #expect(try JSONValue(parsing: "1.0") == .number(1))
        #expect(try JSONValue(parsing: "1E-2") == .number(0.01))
        #expect(try JSONValue(parsing: #""a\"b""#) == .string("a\"b"))
    }

    @Test func integersOutsideInt64BecomeDoubles() throws {
        #expect(try JSONValue(parsing: "9223372036854775807") == .integer(.max))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .integer(.min))
        #expect(try JSONValue(parsing: "9223372036854775808") == .number(0x1p63))
        #expect(try JSONValue(parsing: "-9223372036854775809") == .number(-0x1p63))
    }

    @Test func keepsObjectOrder() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": [true, null, {}], "c": {"d": "e"}}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["b", "a", "c"])
        #expect(value["a"]?[2] == .object([:]))
        #expect(value["c"]?["d"]?.stringValue == "e")
    }

    @Test func decodesUnicodeEscapes() throws {
        #expect(try JSONValue(parsing: #""\u00e9\u4e2d\uD83D\uDE00\n\t\/\\""#) == .string("é中😀\n\t/\\"))
        #expect(try JSONValue(parsing: "\"中文 😀\"") == .string("中文 😀"))
        #expect(try JSONValue(parsing: #""\u0000""#) == .string("\u{0}"))
    }

    @Test func parsesAllInputForms() throws {
        let text = #"{"k": [1, 2.5]}"#
        let expected: JSONValue = ["k": [1, 2.5]]
        #expect(try JSONParser().parse(text) == expected)
        #expect(try JSONParser().parse(Array(text.utf8)) == expected)
        #expect(try JSONParser().parse(text.utf8) == expected)
        #expect(try JSONParser().parse(ArraySlice(text.utf8)) == expected)
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { buffer in try JSONParser().parse(buffer) }
        #expect(fromBuffer == expected)
    }

    static let invalidInputs: [(input: String, reason: String, offset: Int, line: Int, column: Int)] = [
        ("", "empty input: expected a JSON value", 0, 1, 1),
        ("[1,]", "trailing comma in array", 3, 1, 4),
        (#"{"a": 1,}"#, "trailing comma in object", 8, 1, 9),
        ("01", "invalid number: leading zeros are not allowed", 0, 1, 1),
        ("-", "invalid number: expected a digit", 1, 1, 2),
        ("1.", "invalid number: expected a digit after the decimal point", 2, 1, 3),
        ("1e+", "invalid number: expected a digit in the exponent", 3, 1, 4),
        ("\"abc", "unterminated string", 0, 1, 1),
        ("\"a\u{1}\"", "unescaped control character in string", 2, 1, 3),
        (#""\uD800""#, "lone high surrogate escape in string", 1, 1, 2),
        (#""\uDC00""#, "lone low surrogate escape in string", 1, 1, 2),
        (#""\uD800\u0041""#, "lone high surrogate escape in string", 1, 1, 2),
        (#""\x""#, "invalid escape sequence in string", 1, 1, 2),
        (#""\u12G4""#, #"invalid \u escape: expected four hex digits"#, 1, 1, 2),
        ("[1] x", "unexpected character 'x' after the JSON value", 4, 1, 5),
        ("{\n  \"a\": 1\n  \"b\": 2}", "expected ',' or '}' after object member, found character '\"'", 13, 3, 3),
        ("[1 2]", "expected ',' or ']' after array element, found character '2'", 3, 1, 4),
        (#"{"a" 1}"#, "expected ':' after object member name, found character '1'", 5, 1, 6),
        ("{1: 2}", "expected a string member name, found character '1'", 1, 1, 2),
        ("{\"x\": 1, \"x\": 2}", #"duplicate key "x""#, 9, 1, 10),
        ("tru", "invalid literal: expected 'true'", 0, 1, 1),
        ("[", "unexpected end of input: expected a JSON value", 1, 1, 2),
        ("[1", "unterminated array: expected ',' or ']'", 2, 1, 3),
        ("1e400", "number 1e400 is out of range", 0, 1, 1),
        ("\"é\" é", "unexpected byte 0xC3 after the JSON value", 5, 1, 5),
        ("NaN", "unexpected character 'N': expected a JSON value", 0, 1, 1),
    ]

    @Test(arguments: invalidInputs)
    func rejectsInvalidInput(_ testCase: (input: String, reason: String, offset: Int, line: Int, column: Int)) {
        #expect {
            _ = try JSONValue(parsing: testCase.input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.reason == testCase.reason)
            #expect(error.offset == testCase.offset)
            #expect(error.line == testCase.line)
            #expect(error.column == testCase.column)
            return true
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser().parse([0x22, 0xFF, 0x22] as [UInt8]) }
    }

    @Test func describesErrorsWithPosition() {
        let error = JSONParseError(reason: "unterminated string", offset: 7, line: 2, column: 3)
        #expect(error.description == "unterminated string at line 2, column 3 (byte 7)")
    }

    @Test func enforcesDepthLimit() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(throws: Never.self) { try JSONValue(parsing: ok) }
        let deep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect {
            _ = try JSONValue(parsing: deep)
        } throws: { error in
            (error as? JSONParseError)?.reason == "nesting deeper than the limit of 256"
                && (error as? JSONParseError)?.offset == 256
        }
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: hostile) }
        #expect(throws: JSONParseError.self) { try JSONParser(maxDepth: 2).parse("[[[1]]]") }
        #expect(try JSONParser(maxDepth: 3).parse("[[[1]]]") == [[[1]]])
    }
}
