import GridwayCore

/// An `ingest:` section: how to check a legacy app's webhook and turn its records into submissions.
///
/// ```yaml
/// ingest:
///   verify: {type: hmac, header: X-Signature, secret: "${settings.webhookSecret}"}   # see WebhookVerification
///   format: json                       # how the body is written (json, xml, form, csv + options)
///   records: $.records                 # the records in the body (default: the body is one record)
///   contract: elderly-visit@1          # needed only when the adapter lists several contracts
///   unit: $.record.sqdm                # the org unit of each record ($.record; $.body is the whole body)
///   period: $.record.zfrq | date(yyyyMMdd, yyyy-MM)     # its period, if the contract has periods
///   sourceID: $.record.jlbh            # the legacy record id: the idempotency key
///   map: {elderName: $.record.xm, …}   # the submission data
/// ```
struct IngestSection: Sendable {
    var verification: WebhookVerification
    var codec: BodyCodec
    var records: DocumentPath?
    var contract: ContractRef
    var unit: Template
    var period: Template?
    var sourceID: Template
    var map: Template

    static func read(_ node: YAMLNode, _ context: ManifestContext, contracts: ContractChoice) -> IngestSection? {
        let reader = context.reader
        let keys = ["verify", "records", "contract", "unit", "period", "sourceID", "map"] + BodyCodec.keys
        guard
            let fields = reader.mapping(node, "ingest", allowed: keys, required: ["verify", "unit", "sourceID", "map"])
        else {
            return nil
        }
        let contract = contracts.choose(fields, for: "ingest", reader)
        let verification = fields["verify"].flatMap { WebhookVerification.read($0, context) }
        let records = context.path(fields["records"], "records", over: "the webhook body")
        let compiler = context.compiler("an ingested record", roots: ["record", "body"])
        let unit = fields["unit"].map(compiler.template)
        let period = fields["period"].map(compiler.template)
        let sourceID = fields["sourceID"].map(compiler.template)
        let map = fields["map"].map { mapNode in
            context.recordProducedFields(mapNode, contract: contract, filteredByGrant: false)
            return compiler.template(mapNode)
        }
        guard let verification, let contract, let unit, let sourceID, let map else { return nil }
        return IngestSection(
            verification: verification, codec: BodyCodec.read(fields, context, base: .json), records: records,
            contract: contract, unit: unit, period: period, sourceID: sourceID, map: map)
    }
}
