import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// A remote adapter service speaking `gridway-remote/1`, as a legacy app owner would write one in any language.
///
/// It checks every request's Standard Webhooks signature against `secret` (a bad one gets `401` with
/// a `refused` error), then:
/// - `/deliver` and `/notify` answer `delivered` with a receipt `RA000001`…;
/// - `/fetch` answers the seeded records whose members equal every query parameter but `contract` and `unit`;
/// - `/ingest` reads the webhook body `{"records": [{"id", "contract", "unit", "period"?, "data"}…]}` and
///   answers one ingested record per entry, `id` becoming the `sourceID`; another body gets a `mapping` error.
public struct RemoteAdapterService: StandIn {
    public let control = StandInControl()
    /// The records `/fetch` serves.
    public let records: [JSONValue]
    private let signer: WebhookSigner

    /// Creates the service with its shared secret (`whsec_<base64>`) and the records it serves.
    public init(secret: String, records: [JSONValue] = []) throws(WebhookSecretError) {
        signer = try WebhookSigner(secrets: [secret])
        self.records = records
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        for capability in AdapterCapability.allCases {
            router.post(.init(stringLiteral: capability.rawValue)) { request, _ in
                var request = request
                let body = Array(
                    try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
                        .readableBytesView)
                do {
                    try signer.verify(
                        body, headers: request.headers.map { HTTPHeader($0.name.canonicalName, $0.value) })
                } catch let error as AdapterError {
                    return Response.jsonValue(RemoteAnswer.encode(error), status: .unauthorized)
                }
                guard let envelope = try? JSONValue(parsing: body),
                    envelope["protocol"] == .string(RemoteProtocol.version),
                    let input = envelope["input"]
                else {
                    return Response.jsonValue(
                        RemoteAnswer.encode(AdapterError.configuration("expected a \(RemoteProtocol.version) request")),
                        status: .badRequest)
                }
                do {
                    return Response.jsonValue(try answer(capability, input: input))
                } catch let error as AdapterError {
                    return Response.jsonValue(RemoteAnswer.encode(error), status: .unprocessableContent)
                }
            }
        }
    }

    private func answer(_ capability: AdapterCapability, input: JSONValue) throws(AdapterError) -> JSONValue {
        switch capability {
        case .deliver, .notify:
            return RemoteAnswer.encode(.delivered(receipt: control.nextReceipt("RA")))
        case .fetch:
            let filters = JSONValue.object(
                (input["query"]?.objectValue ?? [:]).filter { $0.key != "contract" && $0.key != "unit" })
            return RemoteAnswer.encode(records: records.filter { $0.matches(filters) })
        case .ingest:
            guard let webhook = RemoteProtocol.webhook(in: input), let body = try? JSONValue(parsing: webhook.body),
                case .array(let entries)? = body["records"]
            else { throw .mapping(location: "/input/webhook/body", reason: "expected {\"records\": [...]}") }
            var ingested: [IngestedRecord] = []
            for (index, entry) in entries.enumerated() {
                guard let id = entry["id"]?.stringValue, let contract = entry["contract"]?.stringValue,
                    let reference = try? ContractRef(parsing: contract), let unit = entry["unit"]?.stringValue,
                    let data = entry["data"]
                else { throw .mapping(location: "/records/\(index)", reason: "needs id, contract, unit and data") }
                ingested.append(
                    IngestedRecord(
                        request: SubmissionRequest(
                            contract: reference, unit: unit, period: entry["period"]?.stringValue, data: data),
                        sourceID: id))
            }
            return RemoteAnswer.encode(ingested: ingested)
        }
    }
}
