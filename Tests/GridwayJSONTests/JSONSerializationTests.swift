import Foundation
import GridwayJSON
import OrderedCollections
import Testing

@Suite struct JSONSerializationTests {
    @Test func serializesCompactly() throws {
        let value: JSONValue = ["b": [1, 2.5, nil, true], "a": "x\"y\n\u{1}é"]
        #expect(value.serializedString() == #"{"b":[1,2.5,null,true],"a":"x\"y\n\u0001é"}"#)
        #expect(value.serializedString(sortedKeys: true) == #"{"a":"x\"y\n\u0001é","b":[1,2.5,null,true]}"#)
        #expect(value.description == value.serializedString())
        #expect(String(decoding: value.serialized(), as: UTF8.self) == value.serializedString())
    }

    @Test(arguments: [
        #"{"a":[1,-2,3.25,-0.5,1e+21,null,true,false,"\u001f\\\""],"b":{}}"#,
        #"[[],{},"",0,"😀 中文"]"#,
        #""plain""#,
    ])
    func roundTrips(_ text: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(value.serializedString() == text)
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    /// Number examples from RFC 8785 Appendix B and ECMAScript's Number.prototype.toString.
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.5, "-1.5"),
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (123456789012345680000.0, "123456789012345680000"),
        (0.000001, "0.000001"), (0.0000001, "1e-7"), (1.5e-7, "1.5e-7"),
        (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9007199254740992.0, "9007199254740992"), (9007199254740994.0, "9007199254740994"),
        (295147905179352830000.0, "295147905179352830000"), (4.5, "4.5"), (2e-3, "0.002"),
        (0.1 + 0.2, "0.30000000000000004"), (333333333.3333333, "333333333.3333333"),
        (1e23, "1e+23"), (-5e-7, "-5e-7"),
    ])
    func canonicalNumbers(_ number: Double, _ expected: String) {
        #expect(String(decoding: JSONValue.number(number).canonicalBytes(), as: UTF8.self) == expected)
    }

    @Test func canonicalFormMatchesRFC8785() throws {
        // RFC 8785 §3.2.3 sorting example and §3.2.4 output example.
        let sorting = try JSONValue(
            parsing:
                #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        )
        let keys = try JSONValue(parsing: sorting.canonicalBytes()).objectValue.map { Array($0.keys) }
        #expect(keys == ["\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}"])

        let input = try JSONValue(
            parsing:
                #"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}"#
        )
        let canonical = String(decoding: input.canonicalBytes(), as: UTF8.self)
        #expect(
            canonical
                == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        )
    }

    @Test func canonicalIntegersStayExact() {
        #expect(JSONValue.integer(.max).canonicalBytes() == Array("9223372036854775807".utf8))
        #expect(JSONValue.integer(-42).canonicalBytes() == Array("-42".utf8))
    }

    @Test func canonicalFormIgnoresMemberOrder() throws {
        let a = try JSONValue(parsing: #"{"x": 1, "y": {"b": 2.0, "a": [1]}}"#)
        let b = try JSONValue(parsing: #"{"y": {"a": [1], "b": 2}, "x": 1}"#)
        #expect(a.canonicalBytes() == b.canonicalBytes())
    }

    @Test func nonFiniteNumbersSerializeAsNull() {
        #expect(JSONValue.number(.infinity).serializedString() == "null")
    }

    @Test func codableRoundTripThroughFoundation() throws {
        struct Envelope: Codable, Equatable {
            var id: Int
            var data: JSONValue
        }
        let envelope = Envelope(id: 7, data: ["name": "王", "n": 1.5, "list": [1, nil, false], "o": ["k": "v"]])
        let encoded = try JSONEncoder().encode(envelope)
        let decoded = try JSONDecoder().decode(Envelope.self, from: encoded)
        #expect(decoded.id == 7)
        #expect(decoded.data.isJSONEqual(to: envelope.data))
        let reparsed = try JSONValue(parsing: encoded)
        #expect(reparsed["data"]?.isJSONEqual(to: envelope.data) == true)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("12".utf8)) == .integer(12))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("1.25".utf8)) == .number(1.25))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("null".utf8)) == .null)
    }
}
