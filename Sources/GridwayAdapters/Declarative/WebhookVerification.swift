import Crypto
import Foundation
import GridwayCore
import GridwayJSON

/// How an ingest adapter makes sure a webhook really comes from its legacy app (`verify:`):
///
/// ```yaml
/// verify: {type: none}                                   # say so explicitly
/// verify: {type: token, header: X-Webhook-Token, token: "${settings.webhookToken}"}
/// verify:
///   type: hmac                   # HMAC-SHA256 of the raw body with the secret
///   header: X-Signature
///   secret: "${settings.webhookSecret}"
///   encoding: hex                # hex (default) or base64
///   prefix: "sha256="            # text before the signature in the header, if any
/// ```
enum WebhookVerification: Sendable {
    case none
    case token(header: String, token: Interpolation)
    case hmac(header: String, secret: Interpolation, encoding: HMACSigning.Encoding, prefix: String)

    enum Kind: String, CaseIterable {
        case none, token, hmac
    }

    static func read(_ node: YAMLNode, _ context: ManifestContext) -> WebhookVerification? {
        let reader = context.reader
        guard let typeNode = node.entries?.first(where: { $0.key.scalar == "type" })?.value else {
            reader.error("verify needs a type: none, token or hmac", at: node.position)
            return nil
        }
        guard let kind = reader.choice(typeNode, "verify type", Kind.self) else { return nil }
        switch kind {
        case .none:
            _ = reader.mapping(node, "verify (none)", allowed: ["type"])
            return WebhookVerification.none
        case .token:
            guard
                let fields = reader.mapping(
                    node, "verify (token)", allowed: ["type", "header", "token"], required: ["header", "token"]),
                let header = fields["header"].flatMap({ reader.nonEmptyString($0, "verify header") }),
                let token = fields["token"].flatMap({ context.secretText($0, "verify token") })
            else { return nil }
            return .token(header: header, token: token)
        case .hmac:
            let keys = ["type", "header", "secret", "encoding", "prefix"]
            guard let fields = reader.mapping(node, "verify (hmac)", allowed: keys, required: ["header", "secret"]),
                let header = fields["header"].flatMap({ reader.nonEmptyString($0, "verify header") }),
                let secret = fields["secret"].flatMap({ context.secretText($0, "verify secret") })
            else { return nil }
            return .hmac(
                header: header, secret: secret,
                encoding: fields["encoding"].flatMap { reader.choice($0, "verify encoding", HMACSigning.Encoding.self) }
                    ?? .hex,
                prefix: fields["prefix"].flatMap { reader.string($0, "verify prefix") } ?? "")
        }
    }

    /// Checks `webhook`, with settings resolved.
    /// - Throws: ``AdapterError/refused(_:)`` naming what is wrong (never the expected value).
    func verify(_ webhook: InboundWebhook, settings: [String: String]) throws(AdapterError) {
        switch self {
        case .none:
            return
        case .token(let header, let token):
            guard let sent = webhook.headers.first(where: { $0.hasName(header) })?.value else {
                throw .refused("the webhook has no \(header) header")
            }
            guard Self.constantTimeEquals(Array(sent.utf8), Array(Self.constant(token, settings).utf8)) else {
                throw .refused("the \(header) token does not match")
            }
        case .hmac(let header, let secret, let encoding, let prefix):
            guard let sent = webhook.headers.first(where: { $0.hasName(header) })?.value else {
                throw .refused("the webhook has no \(header) signature header")
            }
            guard sent.hasPrefix(prefix) else {
                throw .refused("the \(header) signature does not start with \"\(prefix)\"")
            }
            let expected = Self.signature(of: webhook.body, secret: Self.constant(secret, settings), encoding: encoding)
            let given = String(sent.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            guard
                Self.constantTimeEquals(
                    Array((encoding == .hex ? given.lowercased() : given).utf8), Array(expected.utf8))
            else {
                throw .refused("the \(header) signature does not match the body")
            }
        }
    }

    /// The header a legacy app would send with `body`: the token, or the body's signature; `nil` for `none`.
    func header(for body: [UInt8], settings: [String: String]) -> HTTPHeader? {
        switch self {
        case .none:
            return nil
        case .token(let header, let token):
            return HTTPHeader(header, Self.constant(token, settings))
        case .hmac(let header, let secret, let encoding, let prefix):
            return HTTPHeader(
                header, prefix + Self.signature(of: body, secret: Self.constant(secret, settings), encoding: encoding))
        }
    }

    /// The HMAC-SHA256 of `body`, encoded.
    private static func signature(of body: [UInt8], secret: String, encoding: HMACSigning.Encoding) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return encoding == .hex ? Hex.encode(code) : Data(code).base64EncodedString()
    }

    /// A constant text with its settings filled in.
    private static func constant(_ text: Interpolation, _ settings: [String: String]) -> String {
        (try? text.render(in: .null, settings: settings)) ?? ""
    }

    /// Compares without stopping at the first difference, so timing does not leak the secret.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
