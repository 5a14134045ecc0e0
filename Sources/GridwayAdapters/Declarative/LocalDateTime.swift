/// A calendar date and wall-clock time without a time zone, with the arithmetic to turn it into
/// seconds since the Unix epoch and back (proleptic Gregorian calendar).
struct LocalDateTime: Sendable, Hashable {
    var year: Int
    var month = 1
    var day = 1
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0

    /// Whether every field is in range (the day within its month, the hour below 24, …).
    var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1
            && day <= Self.daysInMonth(year, month) && (0...23).contains(hour) && (0...59).contains(minute)
            && (0...59).contains(second) && (0...999).contains(millisecond)
    }

    /// Milliseconds since 1970-01-01T00:00:00 of this wall-clock reading, as if it were UTC.
    var epochMilliseconds: Int64 {
        let days = Int64(Self.daysFromCivil(year, month, day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(millisecond)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date `days` after 1970-01-01.
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension LocalDateTime {
    /// The wall-clock reading `milliseconds` after 1970-01-01T00:00:00.
    init(epochMilliseconds milliseconds: Int64) {
        let (days, remainder) = Self.floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = Self.civilFromDays(Int(days))
        let dayMilliseconds = Int(remainder)
        self.init(
            year: year, month: month, day: day, hour: dayMilliseconds / 3_600_000,
            minute: dayMilliseconds / 60_000 % 60, second: dayMilliseconds / 1000 % 60,
            millisecond: dayMilliseconds % 1000)
    }
}
