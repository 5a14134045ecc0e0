import Crypto
import GridwayAdapters
import GridwayCore
import GridwayJSON
import OrderedCollections

extension GrassrootsApp {
    /// The webhook the app sends when visit records are added, as 社区通 sends it:
    /// `{"event": "zfjl.created", "data": [records…]}`, signed with the HMAC-SHA256 of the raw body in
    /// `X-Sqt-Signature: sha256=<hex>`.
    public static func visitWebhook(_ records: [JSONValue], secret: String) -> InboundWebhook {
        let body = JSONValue.object(["event": "zfjl.created", "data": .array(records)]).serialized()
        return InboundWebhook(
            headers: [
                HTTPHeader("Content-Type", "application/json"),
                HTTPHeader("X-Sqt-Signature", signature(of: body, secret: secret)),
            ],
            body: body)
    }

    /// The `X-Sqt-Signature` value for `body`: `sha256=` and the hex HMAC-SHA256 with `secret`.
    public static func signature(of body: [UInt8], secret: String) -> String {
        "sha256="
            + Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))))
    }
}
