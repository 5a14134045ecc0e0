import GridwayAdapters
import GridwayCore
import GridwayJSON

/// The answer to `GET /api/challenge?appId=…`, `{"nonce": "…", "expiresIn": 60}`: a nonce to sign
/// one report with, or the end of the delivery.
enum StreetSafetyChallenge: Sendable, Hashable {
    /// The one-time nonce.
    case nonce(String)
    /// No nonce: retry later (busy, down) or rejected for good (unknown app id).
    case failed(DeliveryOutcome)

    /// Reads the answer.
    /// - Throws: ``AdapterError/unreadableResponse(_:)`` for a 200 without a nonce.
    init(_ response: InboundResponse) throws(AdapterError) {
        if let failure = response.transientFailure {
            self = .failed(failure)
        } else if response.status != 200 {
            self = .failed(
                .rejected(
                    reason:
                        "the challenge was refused with HTTP \(response.status): \(response.excerpt); check STREET_SAFETY_APP_ID"
                ))
        } else if let nonce = (try? JSONValue(parsing: response.body))?["nonce"]?.stringValue, !nonce.isEmpty {
            self = .nonce(nonce)
        } else {
            throw .unreadableResponse("the challenge answer has no nonce: \(response.excerpt)")
        }
    }
}
