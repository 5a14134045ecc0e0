import Foundation

/// Time-ordered identifiers (UUIDv7, RFC 9562): sortable by creation time, unique without coordination.
public enum TimeOrderedID {
    /// A new UUIDv7 for `date`, lowercase with hyphens, optionally after a prefix such as `key_`.
    public static func make(at date: Date = Date(), prefix: String = "") -> String {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(index)))
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = Hex.encode(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)]
        }
        return prefix + parts.joined(separator: "-")
    }
}
