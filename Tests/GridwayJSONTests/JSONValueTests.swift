import GridwayJSON
import OrderedCollections
import Testing

@Suite struct JSONValueTests {
    @Test func accessors() {
        let value: JSONValue = ["s": "text", "i": 3, "d": 2.5, "whole": 4.0, "b": true, "n": nil, "a": [1, 2]]
        #expect(value["s"]?.stringValue == "text")
        #expect(value["i"]?.int64Value == 3)
        #expect(value["i"]?.intValue == 3)
        #expect(value["i"]?.doubleValue == 3)
        #expect(value["d"]?.doubleValue == 2.5)
        #expect(value["d"]?.int64Value == nil)
        #expect(value["whole"]?.int64Value == 4)
        #expect(value["b"]?.boolValue == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["a"]?.arrayValue?.count == 2)
        #expect(value["a"]?[1] == 2)
        #expect(value["a"]?[2] == nil)
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 7)
        #expect(value["s"]?["x"] == nil)
    }

    @Test func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(true).typeName == "boolean")
        #expect(JSONValue.integer(1).typeName == "integer")
        #expect(JSONValue.number(1.0).typeName == "integer")
        #expect(JSONValue.number(1.5).typeName == "number")
        #expect(JSONValue.string("").typeName == "string")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.object([:]).typeName == "object")
    }

    @Test func jsonEquality() {
        #expect(JSONValue.integer(1).isJSONEqual(to: .number(1.0)))
        #expect(JSONValue.number(1.0).isJSONEqual(to: .integer(1)))
        #expect(!JSONValue.integer(1).isJSONEqual(to: .number(1.5)))
        #expect(!JSONValue.integer(1).isJSONEqual(to: .bool(true)))
        #expect(!JSONValue.integer(0).isJSONEqual(to: .bool(false)))
        let a: JSONValue = ["x": 1, "y": [1, 2.0]]
        let b: JSONValue = ["y": [1.0, 2], "x": 1.0]
        #expect(a.isJSONEqual(to: b))
        #expect(!JSONValue.array([1, 2]).isJSONEqual(to: [2, 1]))
        #expect(!JSONValue.object(["a": 1]).isJSONEqual(to: ["a": 1, "b": 2]))
    }
}
