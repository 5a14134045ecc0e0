import GridwayJSON
import Testing

@Suite struct JSONPointerTests {
    /// The RFC 6901 §5 example document.
    static let document: JSONValue = [
        "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4,
        "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8,
    ]

    @Test(
        arguments: [
            ("", nil), ("/foo", nil), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2), ("/e^f", 3),
            ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ] as [(String, JSONValue?)])
    func resolvesRFC6901Examples(_ pointer: String, _ expected: JSONValue?) throws {
        let parsed = try JSONPointer(parsing: pointer)
        #expect(parsed.description == pointer)
        let resolved = parsed.resolve(in: Self.document)
        if let expected {
            #expect(resolved == expected)
        } else {
            #expect(resolved != nil)
        }
    }

    @Test func escapesTokens() throws {
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
        #expect(JSONPointer.unescape("a~1b~0c") == "a/b~c")
        #expect(JSONPointer.unescape("~01") == "~1")
        #expect(JSONPointer.unescape("a~2") == nil)
        let pointer = JSONPointer.root.appending("a/b").appending(index: 3).appending("~")
        #expect(pointer.description == "/a~1b/3/~0")
        #expect(pointer.tokens == ["a/b", "3", "~"])
        #expect(try JSONPointer(parsing: "/a~1b/3/~0") == pointer)
        #expect(pointer.parent?.description == "/a~1b/3")
        #expect(JSONPointer.root.isRoot && JSONPointer.root.description.isEmpty)
    }

    @Test func rejectsInvalidPointers() {
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "a") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/a~") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/~2") }
    }

    @Test func arrayIndexesAreStrict() throws {
        let value: JSONValue = [[10, 20]]
        #expect(try JSONPointer(parsing: "/0/1").resolve(in: value) == 20)
        #expect(try JSONPointer(parsing: "/0/01").resolve(in: value) == nil)
        #expect(try JSONPointer(parsing: "/0/2").resolve(in: value) == nil)
        #expect(try JSONPointer(parsing: "/0/-").resolve(in: value) == nil)
    }
}
