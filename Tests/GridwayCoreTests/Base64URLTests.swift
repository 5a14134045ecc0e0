import GridwayCore
import Testing

@Suite struct Base64URLTests {
    @Test func decodingUndoesEncodingAtEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes, "\(length) bytes as \(text)")
            #expect(Base64URL.decode(text + String(repeating: "=", count: (4 - text.count % 4) % 4)) == bytes)
        }
    }

    @Test(arguments: ["a", "ab+c", "ab/c", "a=b", "ab c", "аб"])
    func textThatIsNotBase64URLIsRefused(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
