/// The header fields Gridway sets itself on every deliver and notify attempt, replacing any that an
/// adapter writes: `Idempotency-Key` and the Standard Webhooks headers (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature`; every `webhook-` header is removed first).
public enum DeliveryHeaders {
    /// Whether Gridway sets the header `name` itself (compared case-insensitively).
    public static func isSetByGridway(_ name: String) -> Bool {
        let lowercased = name.lowercased()
        return lowercased == "idempotency-key" || lowercased.hasPrefix("webhook-")
    }
}
