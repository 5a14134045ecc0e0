import GridwayJSON
import Testing

/// Inputs the JSON Schema fuzz target (`Fuzz/Sources/FuzzJSONSchema`) found, kept so they stay as they are.
@Suite struct JSONFuzzRegressionTests {
    /// `Fuzz/Regressions/FuzzJSONSchema-large-double`: a double of 2^53 or more is written in plain digits
    /// (ECMAScript's form, as RFC 8785 requires), which read back as an exact integer a few units away from
    /// the double. What is written again is the same text, so digests and deliveries do not change.
    @Test func aLargeDoubleIsWrittenTheSameAfterARoundTrip() throws {
        let value = try JSONValue(parsing: "228888888888888886.6")
        #expect(value == .number(228_888_888_888_888_896))
        let text = value.serialized()
        #expect(String(decoding: text, as: UTF8.self) == "228888888888888900")
        let again = try JSONValue(parsing: text)
        #expect(again == .integer(228_888_888_888_888_900))
        #expect(again.serialized() == text)
        #expect(again.canonicalBytes() == value.canonicalBytes())
    }
}
