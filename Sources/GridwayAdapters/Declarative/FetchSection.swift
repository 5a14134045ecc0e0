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
///   unitField: unit                 # the key of map: holding the record's org unit, or none (unit-less)
///   map:                            # one contract record from each legacy record
///     elderName: $.record.xm        # $.record is the legacy record, $.query the query
///     elderIdNumber: $.record.sfzh
///     unit: $.record.sqdm           # read for scoping; kept only if it is a granted contract field
/// ```
struct FetchSection: Sendable {
    var contract: ContractRef?
    var timeout: Duration
    var request: RequestTemplate
    var response: ResponseRules
    var pagination: Pagination?
    var records: DocumentPath
    var map: Template
    /// How each record carries its org unit; `nil` when undeclared (warned about).
    var recordUnit: RecordUnit?

    static func read(_ node: YAMLNode, _ context: ManifestContext, contracts: ContractChoice) -> FetchSection? {
        let reader = context.reader
        let keys = ["contract", "timeout", "request", "response", "pagination", "records", "unitField", "map"]
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
        let recordUnit = readRecordUnit(fields["unitField"], map: fields["map"], in: node, reader)
        let mapCompiler = context.compiler("a fetched record", roots: ["record", "query"])
        let map = fields["map"].map { mapNode in
            context.recordProducedFields(
                mapNode, contract: contract, filteredByGrant: true, except: recordUnit?.fieldName)
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
            records: records, map: map, recordUnit: recordUnit)
    }

    /// Reads `unitField:`: `none`, or a key of `map:`. Warns when it is missing, since the records then
    /// reach every caller who may read the asked unit, whatever unit they belong to.
    private static func readRecordUnit(
        _ node: YAMLNode?, map: YAMLNode?, in section: YAMLNode, _ reader: ManifestReader
    ) -> RecordUnit? {
        guard let node else {
            reader.warning(
                "fetch declares no unitField, so its records are not scoped to the caller's org units; name the key of map: holding each record's org unit, or write unitField: none for unit-less records",
                at: section.position)
            return nil
        }
        guard let name = reader.string(node, "unitField") else { return nil }
        if name == "none" { return .unitless }
        let mapped = map?.entries?.compactMap(\.key.scalar) ?? []
        guard mapped.contains(name) else {
            reader.error(
                "unitField \"\(name)\" is not a key of map\(Suggestion.didYouMean(name, among: mapped)); map the record's org unit to it, or write unitField: none",
                at: node.position)
            return nil
        }
        return .field(name)
    }
}

extension RecordUnit {
    /// The mapped field's name, if the records carry their unit in one.
    var fieldName: String? {
        if case .field(let name) = self { name } else { nil }
    }
}
