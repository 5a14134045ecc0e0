import Foundation
import Synchronization

/// Time-ordered identifiers (UUIDv7, RFC 9562): sortable by creation time, unique without coordination.
/// Ids one process makes for the same millisecond also sort in the order they were made (RFC 9562
/// §6.2, method 1: a 12-bit counter starting at a random value, kept for each of the 64 milliseconds
/// used most recently), so the reports of one batch, stored at one instant, keep the order they were
/// accepted in, even while ids for other instants are made meanwhile.
public enum TimeOrderedID {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The counter last used in each millisecond ids were made for lately, and when it was used (a
    /// count of the ids made).
    private static let counters = Mutex((made: UInt64(0), used: [UInt64: (counter: UInt64, at: UInt64)]()))

    /// A new UUIDv7 for `date`, lowercase with hyphens, optionally after a prefix such as `key_`.
    public static func make(at date: Date = Date(), prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let counter = counters.withLock { state in
            // The next count in a millisecond seen; a fresh start in the counter's lower half for a new
            // one, or once 2 048 or more ids have used the counter up (those then sort at random).
            state.made += 1
            if let previous = state.used[millis], previous.counter < 0xFFF {
                state.used[millis] = (previous.counter + 1, state.made)
                return previous.counter + 1
            }
            if state.used[millis] == nil, state.used.count >= 64,
                let stalest = state.used.min(by: { $0.value.at < $1.value.at })?.key
            {
                state.used[stalest] = nil
            }
            let start = (generator.next() as UInt64) & 0x7FF
            state.used[millis] = (start, state.made)
            return start
        }
        let randomB = generator.next() as UInt64
        // 48 bits of time, version 7, the 12-bit counter; variant 10, 62 random bits.
        let high = (millis << 16) | 0x7000 | counter
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
