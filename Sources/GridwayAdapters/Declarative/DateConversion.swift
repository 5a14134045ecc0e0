import Foundation
import GridwayCore
import GridwayJSON

/// The `date(from, to[, zone])` transform: reads a date or time written in one ``DateFormat`` and
/// writes it in another.
///
/// Readings without an offset (patterns, ISO 8601 without `Z` or `±hh:mm`) are wall-clock times in
/// `zone`, Asia/Shanghai unless the manifest says otherwise; results are written in `zone` too.
/// Converting between two patterns never involves the zone, so `2026-11-05` becomes
/// `20261105000000` whatever the zone.
struct DateConversion: Sendable {
    let from: DateFormat
    let to: DateFormat
    let zone: TimeZone
    /// The formats as written, for messages.
    let fromText: String

    /// Converts `value`: text for patterns and ISO 8601, a number or numeric text for Unix time.
    func convert(_ value: JSONValue) throws(MappingFailure) -> JSONValue {
        let (local, offset) = try read(value)
        guard let offset else {
            if case .pattern(let tokens) = to { return .string(Self.write(local, tokens)) }
            return write(instant: local.epochMilliseconds - zoneOffset(forLocal: local.epochMilliseconds))
        }
        return write(instant: local.epochMilliseconds - Int64(offset) * 1000)
    }

    /// The wall-clock reading and, when the input carries one, its offset from UTC in seconds.
    private func read(_ value: JSONValue) throws(MappingFailure) -> (LocalDateTime, Int?) {
        switch from {
        case .unixSeconds, .unixMilliseconds:
            let number: Int64?
            switch value {
            case .integer(let integer): number = integer
            case .number(let double): number = Int64(exactly: double.rounded(.down))
            case .string(let text): number = Int64(text.trimmingCharacters(in: .whitespaces))
            default: number = nil
            }
            guard let number else { throw MappingFailure("\(Transform.shown(value)) is not a Unix time") }
            let scale: Int64 = from == .unixSeconds ? 1000 : 1
            let milliseconds = number.multipliedReportingOverflow(by: scale)
            guard !milliseconds.overflow,
                (-62_135_596_800_000...253_402_300_799_999).contains(milliseconds.partialValue)
            else { throw MappingFailure("\(Transform.shown(value)) is out of range for a Unix time") }
            return (LocalDateTime(epochMilliseconds: milliseconds.partialValue), 0)
        case .iso8601:
            guard case .string(let text) = value, let reading = Self.readISO(Array(text.utf8)) else {
                throw MappingFailure("\(Transform.shown(value)) is not an ISO 8601 date or time")
            }
            return reading
        case .pattern(let tokens):
            guard case .string(let text) = value, let local = Self.read(Array(text.utf8), tokens) else {
                throw MappingFailure("\(Transform.shown(value)) does not match the date format \(fromText)")
            }
            return (local, nil)
        }
    }

    /// Writes the instant (milliseconds since the epoch, UTC) in the target format.
    private func write(instant: Int64) -> JSONValue {
        switch to {
        case .unixSeconds: return .integer(LocalDateTime.floorDivide(instant, 1000).0)
        case .unixMilliseconds: return .integer(instant)
        case .pattern(let tokens):
            return .string(Self.write(LocalDateTime(epochMilliseconds: instant + offset(at: instant)), tokens))
        case .iso8601:
            let offset = offset(at: instant)
            let local = LocalDateTime(epochMilliseconds: instant + offset)
            var tokens: [DateFormat.Token] = [
                .year, .literal([0x2D]), .month(padded: true), .literal([0x2D]), .day(padded: true), .literal([0x54]),
                .hour(padded: true), .literal([0x3A]), .minute(padded: true), .literal([0x3A]), .second(padded: true),
            ]
            if local.millisecond != 0 { tokens += [.literal([0x2E]), .millisecond] }
            return .string(Self.write(local, tokens) + Self.offsetText(Int(offset / 1000)))
        }
    }

    /// The zone's offset in milliseconds at an instant.
    private func offset(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))) * 1000
    }

    /// The zone's offset in milliseconds for a wall-clock reading (given as if it were UTC).
    private func zoneOffset(forLocal local: Int64) -> Int64 {
        offset(at: local - offset(at: local))
    }

    /// `Z` or `+08:00`.
    private static func offsetText(_ seconds: Int) -> String {
        guard seconds != 0 else { return "Z" }
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Writes fields by a pattern.
    static func write(_ local: LocalDateTime, _ tokens: [DateFormat.Token]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func number(_ value: Int, width: Int) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
            var count = 0
            var rest = value
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                    count += 1
                } while rest > 0 && count < 5
                for _ in count..<max(count, width) { out.append(UInt8(ascii: "0")) }
                for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
            }
        }
        for token in tokens {
            switch token {
            case .year: number(local.year, width: 4)
            case .month(let padded): number(local.month, width: padded ? 2 : 1)
            case .day(let padded): number(local.day, width: padded ? 2 : 1)
            case .hour(let padded): number(local.hour, width: padded ? 2 : 1)
            case .minute(let padded): number(local.minute, width: padded ? 2 : 1)
            case .second(let padded): number(local.second, width: padded ? 2 : 1)
            case .millisecond: number(local.millisecond, width: 3)
            case .literal(let bytes): out += bytes
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads text by a pattern; `nil` when it does not match or names an impossible date.
    static func read(_ bytes: [UInt8], _ tokens: [DateFormat.Token]) -> LocalDateTime? {
        var local = LocalDateTime(year: 1970)
        var index = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        for token in tokens {
            switch token {
            case .year:
                guard let value = digits(4, 4) else { return nil }
                local.year = value
            case .month(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                local.month = value
            case .day(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                local.day = value
            case .hour(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                local.hour = value
            case .minute(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                local.minute = value
            case .second(let padded):
                guard let value = digits(padded ? 2 : 1, 2) else { return nil }
                local.second = value
            case .millisecond:
                guard let value = digits(3, 3) else { return nil }
                local.millisecond = value
            case .literal(let literal):
                guard bytes.count - index >= literal.count, Array(bytes[index..<(index + literal.count)]) == literal
                else { return nil }
                index += literal.count
            }
        }
        return index == bytes.count && local.isValid ? local : nil
    }

    /// Reads ISO 8601 text: a date, optionally `T` (or a space) and a time with optional fraction,
    /// optionally `Z` or an offset `±hh:mm`, `±hhmm` or `±hh`.
    static func readISO(_ bytes: [UInt8]) -> (LocalDateTime, Int?)? {
        let dateTokens: [DateFormat.Token] = [
            .year, .literal([0x2D]), .month(padded: true), .literal([0x2D]), .day(padded: true),
        ]
        guard bytes.count >= 10, var local = read(Array(bytes[0..<10]), dateTokens) else { return nil }
        var rest = bytes[10...]
        guard let separator = rest.first else { return (local, nil) }
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            rest.count >= 6
        else { return nil }
        let clock = Array(rest.dropFirst().prefix(8))
        let withSeconds = clock.count == 8 && clock[5] == UInt8(ascii: ":")
        let timeTokens: [DateFormat.Token] =
            withSeconds
            ? [.hour(padded: true), .literal([0x3A]), .minute(padded: true), .literal([0x3A]), .second(padded: true)]
            : [.hour(padded: true), .literal([0x3A]), .minute(padded: true)]
        guard let time = read(Array(clock.prefix(withSeconds ? 8 : 5)), timeTokens) else { return nil }
        (local.hour, local.minute, local.second) = (time.hour, time.minute, time.second)
        rest = rest.dropFirst(withSeconds ? 9 : 6)
        if rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ",") {
            let fraction = rest.dropFirst().prefix { $0 >= 0x30 && $0 <= 0x39 }
            guard !fraction.isEmpty else { return nil }
            local.millisecond =
                fraction.prefix(3).reduce(0) { $0 * 10 + Int($1 - 0x30) } * [100, 10, 1][min(fraction.count, 3) - 1]
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard let sign = rest.first else { return (local, nil) }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") { return rest.count == 1 ? (local, 0) : nil }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let offsetDigits = Array(rest.dropFirst().filter { $0 != UInt8(ascii: ":") })
        guard offsetDigits.count == 2 || offsetDigits.count == 4, offsetDigits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            rest.count <= 6
        else { return nil }
        let hours = Int(offsetDigits[0] - 0x30) * 10 + Int(offsetDigits[1] - 0x30)
        let minutes = offsetDigits.count == 4 ? Int(offsetDigits[2] - 0x30) * 10 + Int(offsetDigits[3] - 0x30) : 0
        guard hours < 24, minutes < 60 else { return nil }
        let seconds = (hours * 60 + minutes) * 60
        return (local, sign == UInt8(ascii: "-") ? -seconds : seconds)
    }
}
