import Foundation
import GridwayJSON

/// A decimal number held exactly, as a 128-bit integer significand and a count of fractional
/// digits: what aggregate sums, minima and maxima are kept in, so integers stay integers, decimals
/// stay decimals, and an addition that would not fit is reported instead of rounded or wrapped.
///
/// Values are normalized (no trailing zero in the fraction), so equal numbers compare equal.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The most fractional digits a value may have: a measured value with more is refused.
    public static let maximumScale = 9

    /// The digits, as an integer: the value is `significand / 10^scale`.
    public private(set) var significand: Int128
    /// How many of the digits are fractional, `0...maximumScale`.
    public private(set) var scale: Int

    /// Zero.
    public static let zero = ExactDecimal(0)

    /// An integer.
    public init(_ integer: Int64) {
        significand = Int128(integer)
        scale = 0
    }

    /// An integer literal.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }

    /// `significand / 10^scale`, or `nil` when `scale` is outside `0...maximumScale`.
    public init?(significand: Int128, scale: Int) {
        guard (0...Self.maximumScale).contains(scale) else { return nil }
        self.significand = significand
        self.scale = scale
        normalize()
    }

    /// A JSON number exactly: an integer as it is, a decimal as the shortest text that reads back
    /// as the same double (`0.1` is one tenth). `nil` for anything else, and for a number with
    /// more than ``maximumScale`` fractional digits or too large to hold.
    public init?(_ value: JSONValue) {
        switch value {
        case .integer(let integer): self.init(integer)
        case .number(let double): self.init(double)
        default: return nil
        }
    }

    /// The decimal a double's shortest round-trip text spells, or `nil` (see ``init(_:)-JSONValue``).
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        self.init(parsing: double.description)
    }

    /// The nearest value with at most ``maximumScale`` fractional digits to a double that may
    /// already have been rounded (a figure kept as a double before sums were exact), or `nil` for
    /// one that is not finite or too large.
    public init?(approximating double: Double) {
        guard double.isFinite else { return nil }
        self.init(parsing: String(format: "%.\(Self.maximumScale)f", double))
    }

    /// Reads decimal text such as `-12.50`, `3`, `1e-05` or `1.5E+3`; `nil` for anything else, or a
    /// value with more than ``maximumScale`` fractional digits or too large to hold.
    public init?(parsing text: String) {
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var digits: Int128 = 0
        var fractionDigits = 0
        var seenDigit = false
        var seenPoint = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            seenDigit = true
            guard let next = Self.appendingDigit(Int128(byte - UInt8(ascii: "0")), to: digits) else { return nil }
            digits = next
            if seenPoint { fractionDigits += 1 }
        }
        guard seenDigit else { return nil }
        var exponent = 0
        if !bytes.isEmpty {
            guard let parsed = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), abs(parsed) <= 400 else {
                return nil
            }
            exponent = parsed
        }
        var scale = fractionDigits - exponent
        // Trailing zeros in the fraction carry no value: drop them before judging the scale.
        while scale > 0, digits % 10 == 0 {
            digits /= 10
            scale -= 1
        }
        while scale < 0 {
            guard let next = Self.appendingDigit(0, to: digits) else { return nil }
            digits = next
            scale += 1
        }
        self.init(significand: negative ? -digits : digits, scale: scale)
    }

    /// The sum, or `nil` when it does not fit.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        guard let (lhs, rhs, scale) = Self.aligned(self, other) else { return nil }
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? nil : ExactDecimal(significand: sum, scale: scale)
    }

    /// The difference, or `nil` when it does not fit.
    public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        guard let (lhs, rhs, scale) = Self.aligned(self, other) else { return nil }
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        return overflow ? nil : ExactDecimal(significand: difference, scale: scale)
    }

    /// Orders by value: whole parts first, then the fractions at the finest scale (which never overflows).
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.parts < rhs.parts
    }

    /// The whole part (rounded toward zero) and the fraction in units of `10^-maximumScale`, of the same sign.
    private var parts: (whole: Int128, fraction: Int128) {
        let unit = Self.powerOfTen(scale)
        return (significand / unit, significand % unit * Self.powerOfTen(Self.maximumScale - scale))
    }

    private static func powerOfTen(_ exponent: Int) -> Int128 {
        (0..<exponent).reduce(1) { power, _ in power * 10 }
    }

    /// The exact decimal text, e.g. `-12.5`, `0.000001`, `9223372036854775807`.
    public var description: String {
        guard scale > 0 else { return String(significand) }
        var digits = String(significand.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        return (significand < 0 ? "-" : "") + digits
    }

    /// The value as JSON: an integer within 64 bits exactly, otherwise the nearest double.
    public var jsonValue: JSONValue {
        if scale == 0, let integer = Int64(exactly: significand) { return .integer(integer) }
        return .number(doubleValue)
    }

    /// The nearest double.
    public var doubleValue: Double {
        Double(description) ?? Double(significand)
    }

    private mutating func normalize() {
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
    }

    /// Both significands at the larger scale, or `nil` when one does not fit there.
    private static func aligned(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> (Int128, Int128, Int)? {
        let scale = max(lhs.scale, rhs.scale)
        guard let left = scaled(lhs, to: scale), let right = scaled(rhs, to: scale) else { return nil }
        return (left, right, scale)
    }

    private static func scaled(_ value: ExactDecimal, to scale: Int) -> Int128? {
        var significand = value.significand
        for _ in value.scale..<scale {
            let (product, overflow) = significand.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            significand = product
        }
        return significand
    }

    private static func appendingDigit(_ digit: Int128, to digits: Int128) -> Int128? {
        let (shifted, overflow) = digits.multipliedReportingOverflow(by: 10)
        let (sum, carry) = shifted.addingReportingOverflow(digit)
        return overflow || carry ? nil : sum
    }
}
