import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as every reply and outbound document writes them.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `date` as `2026-11-29T02:35:03.123Z`.
    public static func format(_ date: Date) -> String { style.format(date) }
}
