import GridwayCore

/// A `fetch:` section: how to ask a legacy app for records and turn them into contract fields.
///
/// ```yaml
/// fetch:
///   contract: elderly-visit@1       # needed only when the adapter lists several contracts
///   timeout: 10s
///   request: {...}                  # see RequestTemplate, over $.query (contract, unit, parameters)
///   response: {format: json, success: {status: [200], when: '$.code == 0'}}
///   pagination: {...}               # see Pagination; absent: one request
///   records: $.data.list            # the records in each page (an array, or a list of nodes)
///   map:                            # one contract record from each legacy record
///     elderName: $.record.xm        # $.record is the legacy record, $.query the query
///     elderIdNumber: $.record.sfzh
/// ```
struct FetchSection: Sendable {
    var contract: ContractRef?
    var timeout: Duration
    var request: RequestTemplate
    var response: ResponseRules
    var pagination: Pagination?
    var records: DocumentPath
    var map: Template

    static func read(_ node: YAMLNode, _ context: ManifestContext, contracts: ContractChoice) -> FetchSection? {
        let reader = context.reader
        let keys = ["contract", "timeout", "request", "response", "pagination", "records", "map"]
        guard let fields = reader.mapping(node, "fetch", allowed: keys, required: ["request", "records", "map"]) else {
            return nil
        }
        let contract = contracts.choose(fields, for: "fetch", reader)
        let requestCompiler = context.compiler("the fetch query", roots: ["query"])
        let request = fields["request"].flatMap {
            RequestTemplate.read($0, "fetch request", context, compiler: requestCompiler, defaultMethod: "GET")
        }
        let pagination = fields["pagination"].flatMap { Pagination.read($0, context) }
        let records = context.path(fields["records"], "records", over: "the response body")
        let mapCompiler = context.compiler("a fetched record", roots: ["record", "query"])
        let map = fields["map"].map { mapNode in
            context.recordProducedFields(mapNode, contract: contract)
            return mapCompiler.template(mapNode)
        }
        let response = ResponseRules.read(
            fields["response"], "fetch response", context,
            codec: .answer(to: request),
            allowed: ["success"] + BodyCodec.keys)
        let timeout = fields["timeout"].flatMap { reader.duration($0, "timeout") } ?? DeclarativeDefaults.timeout
        guard let request, let records, let map else { return nil }
        return FetchSection(
            contract: contract, timeout: timeout, request: request, response: response, pagination: pagination,
            records: records, map: map)
    }
}
