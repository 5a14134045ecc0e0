import Foundation
import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeTransformTests {
    /// Compiles `expression` (with the code table `gender`) and evaluates it over `{"v": value, "w": "b"}`.
    static func evaluate(_ expression: String, _ value: JSONValue?) throws -> JSONValue? {
        let reader = ManifestReader(file: "test")
        let context = ManifestContext(reader: reader, settings: [:], tables: ["gender": ["1": "male", "2": "female"]])
        let node = try #require(try YAMLNode.compose(expression, file: "test"))
        let compiled = context.compiler("the test document", roots: []).expression(
            ExpressionText.Piece(text: expression, offset: 0), in: node)
        guard let compiled else { throw ManifestError(reader.diagnostics) }
        var document: [String: JSONValue] = ["w": "b"]
        document["v"] = value
        return try compiled.evaluate(in: .object(.init(uniqueKeysWithValues: document.sorted { $0.key < $1.key })))
    }

    @Test(
        arguments: [
            ("$.v | string", 40, "40"), ("$.v | string", 1.5, "1.5"), ("$.v | string", true, "true"),
            ("$.v | integer", "42", 42), ("$.v | integer", " 7 ", 7), ("$.v | integer", 3.0, 3),
            ("$.v | integer", true, 1),
            ("$.v | number", "1.5", 1.5), ("$.v | number", "2", 2),
            ("$.v | boolean", "是", true), ("$.v | boolean", "0", false), ("$.v | boolean", 1, true),
            ("$.v | boolean", "yes", true),
            ("$.v | lookup(gender)", "1", "male"), ("$.v | lookup(gender)", 2, "female"),
            ("$.v | lookup(gender)", ["1", "2"], ["male", "female"]), ("$.v | lookup(gender, unknown)", "9", "unknown"),
            ("$.v | lookup(gender, \"9\")", "7", "9"),
            ("$.v | date(yyyy-MM-dd, yyyyMMddHHmmss)", "2026-11-05", "20261105000000"),
            ("$.v | date(yyyyMMddHHmmss, yyyy/MM/dd HH:mm)", "20261105083000", "2026/11/05 08:30"),
            ("$.v | date(yyyy-MM-dd, unix)", "2026-11-05", 1_793_808_000),
            ("$.v | date(yyyy-MM-dd, unix-ms)", "2026-11-05", 1_793_808_000_000),
            ("$.v | date(unix, iso8601)", 1_793_808_000, "2026-11-05T00:00:00+08:00"),
            ("$.v | date(unix, yyyy-MM-dd)", "1793808000", "2026-11-05"),
            ("$.v | date(unix-ms, yyyy-MM-dd HH:mm:ss.SSS)", 1_793_836_800_250, "2026-11-05 08:00:00.250"),
            ("$.v | date(iso8601, yyyyMMddHHmmss)", "2026-11-05T00:00:00Z", "20261105080000"),
            ("$.v | date(iso8601, yyyyMMdd, UTC)", "2026-11-05T01:00:00+08:00", "20261104"),
            ("$.v | date(iso8601, iso8601)", "2026-11-05 08:30", "2026-11-05T08:30:00+08:00"),
            ("$.v | date(yyyy-MM-dd, iso8601, UTC)", "2026-11-05", "2026-11-05T00:00:00Z"),
            ("$.v | date(yyyy-MM-dd, iso8601, +05:30)", "2026-11-05", "2026-11-05T00:00:00+05:30"),
            ("$.v | date(yyyy/M/d, yyyy-MM-dd)", "2026/1/5", "2026-01-05"),
            ("$.v | date(yyyy-MM-dd'T'HH:mm, yyyyMMddHHmm)", "2026-11-05T08:30", "202611050830"),
            ("$.v | date(yyyy-MM, yyyy年M月)", "2026-03", "2026年3月"),
            ("$.v | trim", "  王桂兰\u{3000}", "王桂兰"),
            ("$.v | pad(left, 6, 0)", "123", "000123"), ("$.v | pad(right, 5)", "ab", "ab   "),
            ("$.v | pad(left, 2, 0)", "12345", "12345"),
            ("$.v | substring(0, 6)", "210102193805120025", "210102"),
            ("$.v | substring(14)", "210102193805120025", "0025"),
            ("$.v | substring(2, 1)", "王桂兰", "兰"),
            ("$.v | concat(\"-\", $.w, ' x')", "a", "a-b x"), ("$.v | concat(-, $.missing)", "a", "a-"),
            ("$.v | join", ["a", "b"], "a,b"), ("$.v | join(\" / \")", ["a", 1], "a / 1"),
            ("$.v | mask(6, 4)", "210102193805120025", "210102********0025"),
            ("$.v | mask(3, 4)", "13812345678", "138****5678"),
            ("$.v | mask(1, 1, #)", "ab", "##"),
            ("$.v | default(无)", nil, "无"), ("$.v | default(无)", .null, "无"), ("$.v | default(0)", nil, 0),
            ("$.v | default(\"0\")", nil, "0"),
            ("$.v | default(x)", "kept", "kept"),
            ("$.v | trim | pad(left, 4, 0)", " 7 ", "0007"),
            ("$.v | string | optional", .null, nil), ("$.v | optional", nil, nil), ("$.v", .null, .null),
            ("$.v | mask(3, 4) | optional", nil, nil),
        ] as [(String, JSONValue?, JSONValue?)])
    func transforms(expression: String, input: JSONValue?, expected: JSONValue?) throws {
        #expect(try Self.evaluate(expression, input) == expected)
    }

    @Test(
        arguments: [
            ("$.v | integer", "abc", "cannot make a whole number of \"abc\""),
            ("$.v | integer", 1.5, "cannot make a whole number"),
            ("$.v | boolean", "maybe", "cannot make true or false"),
            ("$.v | lookup(gender)", "9", "code \"9\" is not in the table \"gender\""),
            ("$.v | date(yyyy-MM-dd, unix)", "2026/11/05", "does not match the date format yyyy-MM-dd"),
            ("$.v | date(yyyy-MM-dd, unix)", "2026-02-30", "does not match"),
            ("$.v | date(iso8601, unix)", "05/11/2026", "is not an ISO 8601 date"),
            ("$.v | date(unix, iso8601)", "soon", "is not a Unix time"),
            ("$.v | string", ["a": 1], "expected a single value"),
        ] as [(String, JSONValue, String)])
    func failures(expression: String, input: JSONValue, reason: String) throws {
        do {
            _ = try Self.evaluate(expression, input)
            Issue.record("\(expression) on \(input) should fail")
        } catch let error as MappingFailure {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func aMissingValueWithoutOptionalOrDefaultFails() throws {
        #expect(throws: MappingFailure.self) { try Self.evaluate("$.v | trim", nil) }
    }

    @Test(arguments: [
        ("$.v | lookup(gendr)", 14, "unknown code table \"gendr\" (did you mean \"gender\"?)"),
        ("$.v | mask(6)", 7, "mask takes 2 to 3 arguments, not 1"),
        ("$.v | date(yyyy-QQ-dd, unix)", 17, "\"QQ\" is not a pattern field"),
        ("$.v | pad(middle, 3)", 11, "pad pads on the left or the right"),
        ("$.v | uppr", 7, "unknown transform \"uppr\""),
        ("$.v | lookup", 7, "lookup takes 1 to 2 arguments, not 0"),
        ("$.v[", 5, "bad JSONPath $.v["),
        ("$.v | date(yyyy, unix, Mars/Base)", 24, "unknown time zone \"Mars/Base\""),
        ("$.v | substring(x)", 17, "the start must be a whole number"),
        ("$.v | trim |", 13, "empty step after \"|\""),
    ])
    func compileErrorsPointAtTheirColumn(expression: String, column: Int, message: String) throws {
        do {
            _ = try Self.evaluate(expression, "x")
            Issue.record("\(expression) should not compile")
        } catch let error as ManifestError {
            let first = try #require(error.diagnostics.first)
            #expect(first.message.contains(message), "\(first.message)")
            #expect(first.position?.column == column, "\(first)")
        }
    }
}
