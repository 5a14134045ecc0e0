import Foundation

/// Defaults of the declarative engine that a manifest can override.
enum DeclarativeDefaults {
    /// The zone of dates without an offset: Asia/Shanghai (UTC+8, no daylight saving since 1991).
    static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
    /// How long to wait for an upstream answer.
    static let timeout = Duration.seconds(30)
    /// The most pages a fetch reads before it stops.
    static let maxPages = 50
}
