/// Every problem type Gridway answers with: `type` in a problem body is `/problems/<rawValue>`.
///
/// Each type has a title and a detail in every interface language, under `problem.<rawValue>` and
/// `problem.<rawValue>.detail` in the portal's strings; a test walks all cases to keep them complete.
public enum ProblemType: String, Sendable, CaseIterable {
    case unauthenticated
    case outOfScope = "out-of-scope"
    case adminOnly = "admin-only"
    case staffOnly = "staff-only"
    case portalRole = "portal-role"
    case csrf
    case invalidQuery = "invalid-query"
    case notFound = "not-found"
    case malformedJSON = "malformed-json"
    case jsonTooComplex = "json-too-complex"
    case malformedRequest = "malformed-request"
    case unsupportedMediaType = "unsupported-media-type"
    case invalidMultipartBoundary = "invalid-multipart-boundary"
    case bodyTooLarge = "body-too-large"
    case uriTooLong = "uri-too-long"
    case headersTooLarge = "headers-too-large"
    case idempotencyKeyMissing = "idempotency-key-missing"
    case idempotencyKeyReused = "idempotency-key-reused"
    case idempotencyKeyInFlight = "idempotency-key-in-flight"
    case invalidRequest = "invalid-request"
    case unknownContract = "unknown-contract"
    case unknownUnit = "unknown-unit"
    case invalidPeriod = "invalid-period"
    case schemaViolation = "schema-violation"
    case dateOutsidePeriod = "date-outside-period"
    case invalidCorrection = "invalid-correction"
    case notDead = "not-dead"
    case replayOutOfOrder = "replay-out-of-order"
    case selfDisable = "self-disable"
    case webhookRefused = "webhook-refused"
    case unreadableWebhook = "unreadable-webhook"
    case contractNotHandled = "contract-not-handled"
    case adapterUnavailable = "adapter-unavailable"
    case rateLimited = "rate-limited"
    case signInBusy = "sign-in-busy"
    case storageUnavailable = "storage-unavailable"
    case portalUnavailable = "portal-unavailable"
    case internalError = "internal-error"
    /// Any other HTTP error status the framework raises (405 and the like).
    case httpError = "http-error"

    /// The key of the type's title in the interface strings; its detail is under `<key>.detail`.
    var textKey: String { "problem." + rawValue }
}
