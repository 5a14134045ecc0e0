import Foundation

/// Reads a `Retry-After` header (RFC 9110 §10.2.3): a number of seconds or an HTTP date.
enum RetryAfter {
    /// The delay the header asks for, from `now`; `nil` when it is unreadable. A date in the past is no delay.
    static func delay(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(text), seconds >= 0 { return .seconds(seconds) }
        guard let date = httpDate(text) else { return nil }
        let milliseconds = Int64((date.timeIntervalSince(now) * 1000).rounded(.up))
        return .milliseconds(max(0, milliseconds))
    }

    /// An IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT", let day = Int(parts[1]),
            let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let local = LocalDateTime(
            year: year, month: month + 1, day: day, hour: clock[0], minute: clock[1], second: clock[2])
        guard local.isValid else { return nil }
        return Date(timeIntervalSince1970: Double(local.epochMilliseconds) / 1000)
    }
}
