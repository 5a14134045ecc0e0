import GridwayCore
import GridwayJSON
import Testing

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("0.1", "0.1"), ("12.50", "12.5"), ("-3", "-3"), ("1e-05", "0.00001"), ("1.5E+3", "1500"), ("+7.000", "7"),
        ("-0.000000001", "-0.000000001"), ("9223372036854775807", "9223372036854775807"), ("0", "0"), ("-0.0", "0"),
    ])
    func readsAndWritesDecimalTextExactly(_ text: String, _ written: String) throws {
        #expect(try #require(ExactDecimal(parsing: text)).description == written)
    }

    @Test(arguments: [
        "", "-", ".", "1.2.3", "1e", "abc", "1e999", "0.0000000001", "1" + String(repeating: "0", count: 39),
    ])
    func refusesTextItCannotHoldExactly(_ text: String) {
        #expect(ExactDecimal(parsing: text) == nil)
    }

    /// JSON numbers: integers as they are, decimals as their shortest text; the values that once
    /// broke the totals (1e300, 1.7e308, more than nine decimal places) are refused.
    @Test func readsJSONNumbers() throws {
        #expect(ExactDecimal(.integer(.max))?.jsonValue == .integer(.max))
        #expect(ExactDecimal(.number(0.1))?.description == "0.1")
        #expect(ExactDecimal(.number(1e3))?.jsonValue == .integer(1000))
        #expect(ExactDecimal(.number(1e300)) == nil)
        #expect(ExactDecimal(.number(1.7e308)) == nil)
        #expect(ExactDecimal(.number(.infinity)) == nil)
        #expect(ExactDecimal(.number(0.1234567891)) == nil)
        #expect(ExactDecimal(.string("1")) == nil)
    }

    @Test func addsAndSubtractsWithoutRounding() throws {
        let tenth = try #require(ExactDecimal(parsing: "0.1"))
        let sum = (0..<10).reduce(ExactDecimal.zero) { total, _ in total.adding(tenth)! }
        #expect(sum == 1)
        #expect(sum.jsonValue == .integer(1))
        let large: ExactDecimal = 9_007_199_254_740_993  // 2^53 + 1: a double cannot hold it
        #expect(large.adding(1)?.description == "9007199254740994")
        #expect(ExactDecimal(Int64.max).adding(1)?.description == "9223372036854775808")
        #expect(tenth.subtracting(ExactDecimal(parsing: "0.3")!)?.description == "-0.2")
        #expect(ExactDecimal(significand: .max, scale: 0)!.adding(1) == nil)
        #expect(ExactDecimal(significand: .max / 5, scale: 0)!.adding(tenth) == nil)
    }

    @Test func ordersByValue() throws {
        let values = [
            "-2.5", "-2", "-0.000000001", "0", "0.1", "0.25", "1", "1.5", "170141183460469231731687303715884105727",
        ]
        .map { ExactDecimal(parsing: $0)! }
        #expect(values.shuffled().sorted() == values)
        #expect(ExactDecimal(parsing: "0.100")! == ExactDecimal(parsing: "0.1")!)
    }
}
