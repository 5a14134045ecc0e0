import GridwayAdapters

extension OutboundRequest {
    /// The URL without its query string, which may carry personal data: safe for messages and logs.
    var redactedURL: String { String(url.prefix { $0 != "?" }) }
}
