import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// The answer to a submit or revise call: `{"ok": true, "ticket": "…"}` or
/// `{"ok": false, "error": "CODE", "message": "…"}`.
enum StreetSafetyReply: Sendable, Hashable {
    /// The report was taken; `ticket` is the system's 受理编号.
    case accepted(ticket: String)
    /// The nonce had expired or was already used: ask for a new one and send again.
    case staleNonce(reason: String)
    /// The delivery ends here, to be retried later or rejected for good.
    case failed(DeliveryOutcome)

    /// The error codes that mean the nonce, not the report, was the problem.
    static let staleNonceCodes: Set<String> = ["NONCE_EXPIRED", "NONCE_USED"]
    /// The error codes worth retrying later.
    static let busyCodes: Set<String> = ["SYSTEM_BUSY"]

    /// Reads the answer.
    /// - Throws: ``AdapterError/unreadableResponse(_:)`` for an answer that is not the system's JSON.
    init(_ response: InboundResponse) throws(AdapterError) {
        if let failure = response.transientFailure {
            self = .failed(failure)
            return
        }
        guard let answer = try? JSONValue(parsing: response.body), let ok = answer["ok"]?.boolValue else {
            throw .unreadableResponse(
                "HTTP \(response.status) with a body that is not the system's JSON answer: \(response.excerpt)")
        }
        if ok, response.status == 200, let ticket = answer["ticket"]?.stringValue, !ticket.isEmpty {
            self = .accepted(ticket: ticket)
            return
        }
        let code = answer["error"]?.stringValue ?? "UNKNOWN"
        let reason = "HTTP \(response.status): \(code) \(answer["message"]?.stringValue ?? "")".trimmingCharacters(
            in: .whitespaces)
        if Self.staleNonceCodes.contains(code) {
            self = .staleNonce(reason: reason)
        } else if Self.busyCodes.contains(code) {
            self = .failed(.retry(reason: reason, after: response.retryAfter))
        } else {
            self = .failed(.rejected(reason: reason))
        }
    }
}
