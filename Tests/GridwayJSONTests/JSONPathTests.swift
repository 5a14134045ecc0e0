import GridwayJSON
import Testing

@Suite struct JSONPathTests {
    /// A normalized submission document, as adapters map it.
    static let submission: JSONValue = [
        "contract": "elderly-visit@1",
        "unit": "210102001001",
        "data": [
            "visitor": ["name": "王芳", "phone": "13800000000"],
            "visits": [
                ["name": "李大爷", "age": 82, "minutes": 30, "notes": "血压偏高\n需复查"],
                ["name": "张奶奶", "age": 76, "minutes": 45.5],
                ["name": "赵爷爷", "age": 91],
            ],
            "a'b\\c\n\u{01}": true,
        ],
    ]

    private func values(_ expression: String, in document: JSONValue = submission) throws -> [JSONValue] {
        try JSONPath(parsing: expression).values(in: document)
    }

    @Test func selectsWithLocations() throws {
        let nodes = try JSONPath(parsing: "$.data.visits[?@.age > 80].name").select(in: Self.submission)
        #expect(nodes.map(\.value) == ["李大爷", "赵爷爷"])
        #expect(
            nodes.map(\.location.description) == ["$['data']['visits'][0]['name']", "$['data']['visits'][2]['name']"])
        #expect(nodes.map(\.location.pointer.description) == ["/data/visits/0/name", "/data/visits/2/name"])
        #expect(nodes.first?.location.elements == [.name("data"), .name("visits"), .index(0), .name("name")])
    }

    @Test func normalizedPathsEscapeNamesAndResolveNegativeIndexes() throws {
        let nodes = try JSONPath(parsing: "$.data[?@ == true]").select(in: Self.submission)
        #expect(nodes.map(\.location.description) == [#"$['data']['a\'b\\c\n\u0001']"#])
        #expect(nodes.first?.location.pointer == JSONPointer(tokens: ["data", "a'b\\c\n\u{01}"]))
        let last = try JSONPath(parsing: "$.data.visits[-1].name").select(in: Self.submission)
        #expect(last.map(\.location.description) == ["$['data']['visits'][2]['name']"])
        let control = JSONPathLocation(elements: [.name("\u{08}\u{0C}\r\t\u{1F}")])
        #expect(control.description == #"$['\b\f\r\t\u001f']"#)
        #expect(JSONPathLocation.root.description == "$" && JSONPathLocation.root.pointer.isRoot)
    }

    @Test(arguments: [
        ("$", true), ("$.a", true), ("$['a'][0]['b']", true), ("$[-1]", true), ("$.a .b [1]", true),
        ("$.*", false), ("$..a", false), ("$['a','b']", false), ("$[0:1]", false), ("$[?@.a]", false),
    ])
    func singularQueries(_ expression: String, _ singular: Bool) throws {
        #expect(try JSONPath(parsing: expression).isSingular == singular)
    }

    @Test(arguments: [
        ("$", []), ("$.data.visitor.name", ["data", "visitor", "name"]),
        (#"$ .data ["v\u0069sits"][*].name"#, ["data", "visits"]),
        ("$..name", []), ("$.data..name", ["data"]), ("$['a','b']", []), ("$[0].a", []),
    ])
    func leadingNames(_ expression: String, _ names: [String]) throws {
        #expect(try JSONPath(parsing: expression).leadingNames == names)
    }

    @Test func valueConveniences() throws {
        let name = try JSONPath(parsing: "$.data.visitor.name")
        #expect(name.firstValue(in: Self.submission) == "王芳")
        #expect(name.firstValue(in: ["data": []]) == nil)
        #expect(try JSONPath(parsing: "$.data.visits[*].age").firstValue(in: Self.submission) == 82)
        #expect(try values("$.data.visits[1:].minutes") == [45.5])
        #expect(try values("$..minutes") == [30, 45.5])
        #expect(try values("$.data.visits[::-1].age") == [91, 76, 82])
        #expect(name.description == "$.data.visitor.name")
        #expect(try JSONPath(parsing: "$.a") == JSONPath(parsing: "$.a"))
    }

    @Test func filtersFollowRFC9535Semantics() throws {
        // Nothing equals only Nothing; a missing member never compares as null.
        #expect(try values("$.data.visits[?@.minutes == @.missing].name") == ["赵爷爷"])
        #expect(try values("$.data.visits[?@.minutes != null].name") == ["李大爷", "张奶奶", "赵爷爷"])
        #expect(try values("$.data.visits[?@.minutes <= 30].name") == ["李大爷"])
        // Numbers compare by value, integers and doubles alike; strings by code point.
        #expect(try values("$[?@ == 1]", in: [1, 1.0, 2, "1"]) == [1, 1.0])
        #expect(
            try values("$[?@ > 9007199254740992]", in: [9_007_199_254_740_993, 9.007199254740992e15]) == [
                9_007_199_254_740_993
            ])
        #expect(try values("$[?@ < 'b']", in: ["a", "B", "b", "é", 1]) == ["a", "B"])
        #expect(try values("$[?length(@) == 2]", in: ["网格", "ab", "abc", [1, 2], ["a": 1]]) == ["网格", "ab", [1, 2]])
        #expect(try values("$.data.visits[?count(@.*) == 3].name") == ["张奶奶"])
        #expect(
            try values(
                "$.data[?value(@..age) == 91]", in: ["data": [["x": ["age": 91]], ["age": 1, "b": ["age": 91]]]])
                == [["x": ["age": 91]]])
        #expect(try values("$.data.visits[?!@.notes && @.age < 80].name") == ["张奶奶"])
        #expect(try values("$.data.visits[?(@.age > 90 || @.minutes > 40) && @.name != '张奶奶'].name") == ["赵爷爷"])
    }

    @Test func matchAndSearchUseIRegexp() throws {
        let document: JSONValue = ["a\nb", "ab", "axb", "a.b", "xab", "a$b", "网格员", "😀x"]
        #expect(try values("$[?match(@, 'a.b')]", in: document) == ["axb", "a.b", "a$b"])
        #expect(try values("$[?search(@, 'a.b')]", in: document) == ["axb", "a.b", "a$b"])
        #expect(try values("$[?match(@, 'ab')]", in: document) == ["ab"])
        #expect(try values("$[?search(@, 'ab')]", in: document) == ["ab", "xab"])
        #expect(try values(#"$[?match(@, 'a\\.b')]"#, in: document) == ["a.b"])
        #expect(try values(#"$[?match(@, '\\p{Lo}+')]"#, in: document) == ["网格员"])
        #expect(try values("$[?match(@, '.x')]", in: document) == ["😀x"])
        #expect(try values("$[?match(@, '[^a-z]{3}')]", in: document) == ["网格员"])
        #expect(try values(#"$[?search(@, 'a[$.]b')]"#, in: document) == ["a.b", "a$b"])
        // Not I-Regexp: backreferences, \d, lookahead, a lone quantifier. Never true, never an error.
        for pattern in [#"(a)\\1"#, #"\\d"#, "(?=a)", "*", "a{2", "[]", "a**"] {
            #expect(try values("$[?search(@, '\(pattern)')]", in: document) == [], "\(pattern)")
        }
        // A pattern taken from the document is compiled for each node.
        #expect(
            try values(
                "$[?match(@.s, @.p)].s", in: [["s": "ab", "p": "a."], ["s": "ab", "p": "b"], ["s": "ab", "p": 1]])
                == ["ab"])
    }

    @Test(arguments: [
        ("", 0, "a JSONPath query must start with '$', found the end of the expression"),
        ("$.a[1", 5, "expected ']' to close the bracketed selection opened at column 4"),
        ("$.a[1 2]", 6, "expected ',' or ']' after a selector, found '2'"),
        ("$. a", 2, "whitespace is not allowed after '.'"),
        ("$[?@.a = 1]", 7, "'=' is not an operator; compare with '=='"),
        ("$[?count(1) > 0]", 9, "function count() requires a nodes argument (a query such as @.items[*])"),
        (
            "$[?length(@.*) == 1]", 10,
            "function length() requires a value argument; this query can select several nodes, so it must be singular (names and indexes only)"
        ),
        ("$[?match(@.a) == 1]", 3, "function match() takes 2 arguments, not 1"),
        (
            "$[?@.* == 1]", 3,
            "only a singular query (names and indexes, no wildcards, slices, filters or '..') can be compared with '=='"
        ),
        ("$[?length(@.a)]", 3, "function length() yields a value, not a test; compare it, e.g. length(...) > 0"),
        ("$['网格\\x']", 5, "invalid escape sequence '\\x' in a string literal"),
        ("$[?@.a == \"\\uDC00\"]", 11, "lone low surrogate \\uDC00 in a string literal"),
        ("$[9007199254740992]", 2, "integer out of the I-JSON range ±(2^53−1)"),
        ("$[-0]", 2, "'-0' is not a valid index; write 0"),
        ("$.a ", 3, "a JSONPath query must not end with whitespace"),
    ])
    func syntaxErrorsNameTheColumnAndReason(_ expression: String, _ offset: Int, _ reason: String) {
        #expect {
            try JSONPath(parsing: expression)
        } throws: { error in
            guard let error = error as? JSONPathSyntaxError else { return false }
            return error.offset == offset && error.column == offset + 1 && error.reason == reason
                && error.expression == expression
        }
    }

    @Test func syntaxErrorDescriptionPointsAtTheColumn() {
        // '=' is at offset 8; the two CJK characters before it take two columns each.
        let error = JSONPathSyntaxError(
            expression: "$.网格[?@ = 1]", offset: 8, reason: "'=' is not an operator; compare with '=='")
        #expect(
            error.description == """
                JSONPath syntax error at column 9: '=' is not an operator; compare with '=='
                  $.网格[?@ = 1]
                  \(String(repeating: " ", count: 10))^
                """)
        let multiline = JSONPathSyntaxError(expression: "$[?@.a\n&& 1]", offset: 10, reason: "r")
        #expect(multiline.description.hasSuffix("  $[?@.a && 1]\n            ^"))
    }

    @Test func deepNestingIsRefusedNotFatal() {
        let deep = "$" + String(repeating: "[?", count: 100) + "@" + String(repeating: "]", count: 100)
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: deep) }
        let parentheses = "$[?" + String(repeating: "(", count: 100) + "@" + String(repeating: ")", count: 100) + "]"
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: parentheses) }
    }
}
