import Foundation

extension WebhookSigner {
    /// Throws ``AdapterError/refused(_:)`` unless `headers` carry a Standard Webhooks signature of `body`
    /// by one of the secrets, made within `tolerance` seconds of `now`.
    public func verify(_ body: [UInt8], headers: [HTTPHeader], now: Date = Date(), tolerance: TimeInterval = 300)
        throws(AdapterError)
    {
        func value(_ name: String) throws(AdapterError) -> String {
            guard let value = headers.first(where: { $0.hasName(name) })?.value, !value.isEmpty else {
                throw .refused("the \(name) header is missing")
            }
            return value
        }
        let id = try value("webhook-id")
        let timestamp = try value("webhook-timestamp")
        let signature = try value("webhook-signature")
        guard let seconds = Int64(timestamp) else {
            throw .refused("webhook-timestamp \"\(timestamp)\" is not Unix seconds")
        }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else {
            throw .refused("webhook-timestamp is more than \(Int(tolerance)) s away from now")
        }
        guard verify(id: id, timestamp: seconds, body: body, signatureHeader: signature, now: now, tolerance: tolerance)
        else {
            throw .refused("the webhook-signature does not match the body")
        }
    }
}
