/// Reads a date and time as people type them into RFC 3339 (`2026-12-06T14:30:00+08:00`).
///
/// The date is any day ``PeriodInput`` reads (`2026年12月6日`, `2026/12/6`, `2026-12-06`, …); the time
/// follows it after spaces, a `T` or directly after 日/号, as `14:30`, `14:30:15`, `14时30分`, `14点30分`,
/// `14点` or `14时30分15秒`, with half-width or full-width digits and colons. Text with a zone of its own
/// (`Z`, `+08:00`) is not read here: it is already written for programs.
public enum DateTimeInput {
    /// The RFC 3339 date-time `text` names, in the zone `utcOffsetMinutes` east of UTC, or `nil`
    /// when `text` is not a day followed by a time of day that exists.
    public static func dateTime(_ text: String, utcOffsetMinutes: Int) -> String? {
        let typed = String(
            text.map(halfWidth).drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard let split = boundary(in: typed) else { return nil }
        guard let day = PeriodInput.day(String(typed[..<split.dateEnd])),
            let time = timeOfDay(typed[split.timeStart...].filter { !$0.isWhitespace })
        else { return nil }
        return "\(day)T" + [time.hour, time.minute, time.second].map(twoDigits).joined(separator: ":")
            + zone(utcOffsetMinutes)
    }

    /// Where the date ends and the time starts: at the first space or `T`, or right after 日/号/號.
    private static func boundary(in text: String) -> (dateEnd: String.Index, timeStart: String.Index)? {
        guard
            let index = text.firstIndex(where: { $0.isWhitespace || $0 == "T" || $0 == "日" || $0 == "号" || $0 == "號" })
        else {
            return nil
        }
        let after = text.index(after: index)
        return text[index].isWhitespace || text[index] == "T" ? (index, after) : (after, after)
    }

    /// `14:30`, `14:30:15`, `14时30分`, `14点30分`, `14点`, `14时30分15秒`, as hour, minute and second.
    private static func timeOfDay(_ text: String) -> (hour: Int, minute: Int, second: Int)? {
        let parts: [Substring]
        if let match = text.wholeMatch(of: /(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?/) {
            parts = [match.1, match.2, match.3 ?? "0"]
        } else if let match = text.wholeMatch(of: /(\d{1,2})[时時点點](?:(\d{1,2})分)?(?:(\d{1,2})秒)?/) {
            guard match.3 == nil || match.2 != nil else { return nil }
            parts = [match.1, match.2 ?? "0", match.3 ?? "0"]
        } else {
            return nil
        }
        guard let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return (hour, minute, second)
    }

    /// `+08:00` for 480 minutes, `Z` for none.
    private static func zone(_ minutes: Int) -> String {
        guard minutes != 0 else { return "Z" }
        return (minutes < 0 ? "-" : "+") + twoDigits(abs(minutes) / 60) + ":" + twoDigits(abs(minutes) % 60)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A full-width digit, colon or space as its half-width form.
    private static func halfWidth(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
        switch scalar.value {
        case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
        case 0xFF1A: return ":"
        case 0x3000: return " "
        default: return character
        }
    }
}
