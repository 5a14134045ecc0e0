import Foundation
import GridwayAdapters

extension InboundResponse {
    /// A retry for 408, 429 and every 5xx, honouring `Retry-After` in seconds; `nil` for other statuses.
    var transientFailure: DeliveryOutcome? {
        guard [408, 429].contains(status) || (500...599).contains(status) else { return nil }
        return .retry(reason: "HTTP \(status): \(excerpt)", after: retryAfter)
    }

    /// The `Retry-After` delay, when given in seconds.
    var retryAfter: Duration? {
        header("Retry-After").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds(max(0, $0)) }
    }

    /// The start of the body as text, for messages.
    var excerpt: String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.count > 200 ? text + "…" : text
    }
}
