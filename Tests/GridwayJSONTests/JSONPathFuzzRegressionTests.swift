import GridwayJSON
import Testing

/// Inputs the JSONPath fuzz target (`Fuzz/Sources/FuzzJSONPath`) found, kept so they stay fixed.
@Suite struct JSONPathFuzzRegressionTests {
    let document: JSONValue

    init() throws {
        document = try JSONValue(parsing: #"{"a": [1, {"b": 2}], "c": {"d": 3}}"#)
    }

    /// `Fuzz/Regressions/FuzzJSONPath-nested-root-filters`: filters nested four deep over absolute
    /// queries were evaluated once per node tested at every level and ran for more than 12 seconds;
    /// each absolute test is now answered once. Here the query selects nothing: its outer test negates
    /// `$.*[?…][?…]`, which selects `2`; without the last filter's `!` it selects the root's members.
    @Test func nestedFiltersOverAbsoluteQueriesAreAnsweredOnce() throws {
        let path = try JSONPath(parsing: "$[?!$.*[?$.*[?!$.H..[?$.*]]][?!$.*[?$..[?!$.*..[?$.*]]]]]")
        #expect(path.values(in: document) == [])
        let inner = try JSONPath(parsing: "$.*[?$.*[?!$.H..[?$.*]]][?!$.*[?$..[?!$.*..[?$.*]]]]")
        #expect(inner.values(in: document) == [2])
        let outer = try JSONPath(parsing: "$[?!$.*[?$.*[?!$.H..[?$.*]]][?$.*[?$..[?!$.*..[?$.*]]]]]")
        #expect(outer.values(in: document) == [document["a"], document["c"]].compactMap { $0 })
    }

    /// Answering absolute tests once keeps their meaning, also inside a relative query's filter.
    @Test(arguments: [
        ("$.a[?$.c]", #"[1, {"b": 2}]"#), ("$.a[?$.x]", "[]"), ("$.a[?!$.x]", #"[1, {"b": 2}]"#),
        ("$.a[?@[?$.c]]", #"[{"b": 2}]"#), ("$.a[?@[?$.x]]", "[]"), ("$..[?$.c.d && @.b]", #"[{"b": 2}]"#),
    ])
    func absoluteTestsInFiltersKeepTheirMeaning(expression: String, expected: String) throws {
        let path = try JSONPath(parsing: expression)
        #expect(JSONValue.array(path.values(in: document)) == (try JSONValue(parsing: expected)))
        #expect(path.select(in: document).map(\.value) == path.values(in: document))
    }
}
