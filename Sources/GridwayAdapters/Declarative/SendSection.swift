import GridwayCore

/// A `deliver:` or `notify:` section: the request to send, an optional correction request, and how
/// to read the answer.
///
/// ```yaml
/// deliver:
///   contract: elderly-visit@1      # needed only when the adapter lists several contracts
///   timeout: 10s                   # default 30s
///   request: {...}                 # see RequestTemplate, over $.submission, $.data, $.correction
///   correction:                    # used when the submission corrects an earlier one; keys not
///     method: PUT                  # given are taken from request. Without it, a correction is
///     url: ${settings.baseURL}/visits/${$.correction.originalReceipt}   # sent like any submission
///   response: {...}                # see ResponseRules
/// ```
///
/// `notify:` has the same keys, without `contract` and `correction`, over `$.result`.
struct SendSection: Sendable {
    var contract: ContractRef?
    var timeout: Duration
    var request: RequestTemplate
    var correction: RequestTemplate?
    var response: ResponseRules

    static func read(
        _ node: YAMLNode, capability: AdapterCapability, _ context: ManifestContext, contracts: ContractChoice
    ) -> SendSection? {
        let reader = context.reader
        let name = capability.rawValue
        let isDeliver = capability == .deliver
        let keys =
            isDeliver
            ? ["contract", "timeout", "request", "correction", "response"] : ["timeout", "request", "response"]
        guard let fields = reader.mapping(node, name, allowed: keys, required: ["request"]) else { return nil }
        let contract = isDeliver ? contracts.choose(fields, for: name, reader) : nil
        let compiler =
            isDeliver
            ? context.compiler("the deliver input", roots: ["submission", "data", "correction"])
            : context.compiler("the notify input", roots: ["result"])
        let request = fields["request"].flatMap {
            RequestTemplate.read(
                $0, "\(name) request", context, compiler: compiler, defaultMethod: "POST", delivery: true)
        }
        let correction = fields["correction"].flatMap { node in
            request.flatMap {
                RequestTemplate.read(
                    node, "\(name) correction", context, compiler: compiler, defaultMethod: "POST", delivery: true,
                    base: $0)
            }
        }
        let response = ResponseRules.read(
            fields["response"], "\(name) response", context, codec: .answer(to: request))
        let timeout = fields["timeout"].flatMap { reader.duration($0, "timeout") } ?? DeclarativeDefaults.timeout
        context.recordReads(of: compiler, contract: contract)
        guard let request else { return nil }
        return SendSection(
            contract: contract, timeout: timeout, request: request, correction: correction, response: response)
    }
}
