import Foundation

/// Instants as whole milliseconds since 1970, the precision Gridway stores and hashes.
public enum EpochMilliseconds {
    /// `date` in whole milliseconds, rounded to the nearest.
    public static func of(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant `milliseconds` after 1970.
    public static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Now on `clock`, rounded to whole milliseconds so it survives a round trip through storage unchanged.
    public static func now(on clock: any GridwayClock = SystemClock()) -> Date {
        date(of(clock.date))
    }
}
