import Foundation

/// A set of HTTP status codes written as a list of codes, ranges and classes: `[200, 201]`,
/// `[200-299]`, `[5xx, 429]`.
struct StatusSet: Sendable, Hashable {
    let ranges: [ClosedRange<Int>]

    /// Every 2xx status.
    static let success = StatusSet(ranges: [200...299])
    /// The statuses worth retrying by default: 408, 425, 429 and every 5xx.
    static let retryable = StatusSet(ranges: [408...408, 425...425, 429...429, 500...599])

    func contains(_ status: Int) -> Bool { ranges.contains { $0.contains(status) } }

    /// Reads one entry: `404`, `500-599` or `5xx`.
    static func range(_ text: String) -> ClosedRange<Int>? {
        if text.count == 3, text.hasSuffix("xx"), let digit = Int(text.prefix(1)), (1...5).contains(digit) {
            return (digit * 100)...(digit * 100 + 99)
        }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
            (100...599).contains(low), (100...599).contains(high), low <= high
        else { return nil }
        return low...high
    }
}
