import GridwayCore
import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayServer

@Suite struct PrefillTokenTests {
    static let offering: [(field: String, value: JSONValue)] = [
        ("elderName", "王秀英"), ("elderIdNumber", "210102194501012345"), ("phone", "13800000000"),
        ("household", .object(["members": 2, "livesAlone": false])),
    ]

    static func token(subject: String?) -> PrefillToken {
        PrefillToken(
            contract: "elderly-visit@1", unit: "210102001001", subject: subject, issuedTo: "key_北京街",
            expiresAt: 1_796_000_000_000, offering: offering)
    }

    @Test(arguments: ["210102194501012345", nil])
    func decodingWhatWasEncodedGivesTheSameToken(subject: String?) {
        let token = Self.token(subject: subject)
        #expect(PrefillToken(decoding: token.encoded) == token)
    }

    @Test func theEncodingDoesNotDependOnTheOrderValuesWereOffered() {
        let reversed = PrefillToken(
            contract: "elderly-visit@1", unit: "210102001001", subject: nil, issuedTo: "key_北京街",
            expiresAt: 1_796_000_000_000, offering: Self.offering.reversed())
        #expect(reversed.encoded == Self.token(subject: nil).encoded)
    }

    @Test func cutOrLengthenedBytesAreNoToken() {
        let encoded = Self.token(subject: "210102194501012345").encoded
        for length in 0..<encoded.count {
            #expect(PrefillToken(decoding: Array(encoded.prefix(length))) == nil, "cut to \(length) bytes")
        }
        #expect(PrefillToken(decoding: encoded + [0]) == nil, "a byte after the token")
        var otherLayout = encoded
        otherLayout[0] = 1
        #expect(PrefillToken(decoding: otherLayout) == nil, "another layout version")
    }

    @Test func onlyFieldsHoldingTheOfferedValueAreKept() {
        let data: JSONValue = [
            "elderName": "王秀英", "elderIdNumber": "210102194501012345", "phone": "13900000000",
            "household": ["livesAlone": false, "members": 2],
        ]
        #expect(Self.token(subject: nil).keptFields(in: data) == ["elderName", "elderIdNumber", "household"])
    }
}
