import Foundation
import GridwayCore
import GridwayJSON

/// How a deliver or notify capability reads the upstream's answer, from its `response:` section:
///
/// ```yaml
/// response:
///   format: json                                 # how to decode the body (default: the request's
///                                                # format for JSON and XML, else JSON)
///   success: {status: [200-299], when: '$.code == "0000"'}   # status AND every `when`
///   receipt: $.data.receiptNo                    # the upstream's reference number
///   message: $.msg                               # its error text, quoted in failure reasons
///   retry: {status: [408, 425, 429, 5xx], when: '$.code in ["E9001"]'}
/// ```
///
/// An answer that is not a success is retried when its status is in `retry.status` (by default
/// 408, 425, 429 and every 5xx) or a `retry.when` holds; otherwise it is a permanent rejection, so
/// every other 4xx is permanent unless listed. A `Retry-After` header (seconds or an HTTP date)
/// sets when to retry.
struct ResponseRules: Sendable {
    var codec: BodyCodec
    var successStatus: StatusSet
    var successWhen: [ResponsePredicate]
    var retryStatus: StatusSet
    var retryWhen: [ResponsePredicate]
    var receipt: DocumentPath?
    var message: DocumentPath?

    static let keys = ["success", "receipt", "message", "retry"] + BodyCodec.keys

    /// Rules with the defaults: 2xx succeeds, 408/425/429/5xx are retried.
    static func defaults(codec: BodyCodec) -> ResponseRules {
        ResponseRules(codec: codec, successStatus: .success, successWhen: [], retryStatus: .retryable, retryWhen: [])
    }

    /// Reads a `response:` section; `allowed` limits the keys (fetch has no receipt or retry).
    static func read(
        _ node: YAMLNode?, _ what: String, _ context: ManifestContext, codec: BodyCodec, allowed: [String] = keys
    ) -> ResponseRules {
        var rules = defaults(codec: codec)
        let reader = context.reader
        guard let node, let fields = reader.mapping(node, what, allowed: allowed) else { return rules }
        let compiler = context.compiler("the response body", roots: [])
        rules.codec = BodyCodec.read(fields, context, base: codec)
        if let success = fields["success"] {
            (rules.successStatus, rules.successWhen) = condition(
                success, "\(what) success", compiler, fallback: .success)
        }
        if let retry = fields["retry"] {
            (rules.retryStatus, rules.retryWhen) = condition(retry, "\(what) retry", compiler, fallback: .retryable)
        }
        rules.receipt = context.path(fields["receipt"], "receipt", over: "the response body")
        rules.message = context.path(fields["message"], "message", over: "the response body")
        return rules
    }

    /// `{status: [...], when: ...}`.
    private static func condition(
        _ node: YAMLNode, _ what: String, _ compiler: TemplateCompiler, fallback: StatusSet
    ) -> (StatusSet, [ResponsePredicate]) {
        let reader = compiler.reader
        guard let fields = reader.mapping(node, what, allowed: ["status", "when"]) else { return (fallback, []) }
        var status = fallback
        if let statusNode = fields["status"] {
            var ranges: [ClosedRange<Int>] = []
            for entry in reader.stringList(statusNode, "\(what) status") {
                if let range = StatusSet.range(entry.text) {
                    ranges.append(range)
                } else {
                    reader.error(
                        "\"\(entry.text)\" is not a status, range (500-599) or class (5xx)", at: entry.node.position)
                }
            }
            status = StatusSet(ranges: ranges)
        }
        let predicates = fields["when"].map { whenNode in
            reader.stringList(whenNode, "\(what) when").compactMap {
                ResponsePredicateParser.parse($0.text, in: $0.node, compiler)
            }
        }
        return (status, predicates ?? [])
    }

    /// What became of a delivery, judged from the upstream's answer.
    /// - Throws: ``AdapterError/unreadableResponse(_:)`` when a success status comes with a body
    ///   that the rules need but cannot decode.
    func outcome(of response: InboundResponse, now: Date) throws(AdapterError) -> DeliveryOutcome {
        let decoded: Result<JSONValue, CodecError> =
            response.body.isEmpty
            ? .success(.null)
            : Result { () throws(CodecError) in try codec.format.decode(response.body, options: codec.options) }
        let document = try? decoded.get()
        if successStatus.contains(response.status) {
            if successWhen.isEmpty && receipt == nil { return .delivered(receipt: nil) }
            guard let document else {
                throw .unreadableResponse(
                    "HTTP \(response.status) with a body that is not \(codec.format.rawValue): \(decoded.failureDescription)"
                )
            }
            if successWhen.allSatisfy({ $0.holds(in: document) }) {
                let value = receipt?.value(in: document)
                return .delivered(
                    receipt: value.flatMap { try? Transform.text(of: $0) }.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
        let reason = failureReason(response, document)
        if retryStatus.contains(response.status)
            || document.map({ body in retryWhen.contains { $0.holds(in: body) } }) == true
        {
            return .retry(
                reason: reason, after: response.header("Retry-After").flatMap { RetryAfter.delay($0, now: now) })
        }
        return .rejected(reason: reason)
    }

    /// `HTTP 400: <message>`, the message from `message:` or the start of the body.
    private func failureReason(_ response: InboundResponse, _ document: JSONValue?) -> String {
        var reason = "HTTP \(response.status)"
        if let message, let document, let value = message.value(in: document),
            let text = try? Transform.text(of: value), !text.isEmpty
        {
            reason += ": " + text
        } else if !response.body.isEmpty {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            reason += ": " + text + (response.body.count > 200 ? "…" : "")
        }
        let failed =
            successStatus.contains(response.status) ? successWhen.filter { document.map($0.holds) != true } : []
        if let first = failed.first { reason += " (\(first.text) does not hold)" }
        return reason
    }
}

extension Result where Failure == CodecError {
    /// The error's description, or empty for a success.
    fileprivate var failureDescription: String {
        if case .failure(let error) = self { return error.description }
        return ""
    }
}
