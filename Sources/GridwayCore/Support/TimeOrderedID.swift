import Foundation

/// Time-ordered identifiers (UUIDv7, RFC 9562): sortable by creation time, unique without coordination.
public enum TimeOrderedID {
    private static let digits = Array("0123456789abcdef".utf8)

    /// A new UUIDv7 for `date`, lowercase with hyphens, optionally after a prefix such as `key_`.
    public static func make(at date: Date = Date(), prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let randomA = generator.next() as UInt64
        let randomB = generator.next() as UInt64
        // 48 bits of time, version 7, 12 random bits; variant 10, 62 random bits.
        let high = (millis << 16) | 0x7000 | (randomA & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (randomB & 0x3FFF_FFFF_FFFF_FFFF)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int((low >> UInt64(shift)) & 0xF)])
        }
        return prefix + String(decoding: text, as: UTF8.self)
    }
}

extension TimeOrderedID {
    /// Whether `text` has the form ``make(at:prefix:)`` gives without a prefix: 36 characters, lowercase
    /// hexadecimal digits in groups of 8, 4, 4, 4 and 12 joined by hyphens.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : digits.contains(byte)
        }
    }
}
