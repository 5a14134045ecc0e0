import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The `gridway-remote/1` protocol between Gridway and a remote adapter: an HTTP service in any language.
///
/// For each capability Gridway sends `POST <endpoint>/<capability>` (`deliver`, `fetch`, `ingest`,
/// `notify`) with a JSON body built by ``request(adapter:capability:config:input:)`` and signed with
/// Standard Webhooks headers (``WebhookSigner``) by the manifest's shared secret. The service does the work itself — calls
/// its upstream, reads its database — and answers `200` with a JSON body that ``RemoteAnswer`` reads.
/// `docs/remote-adapters.md` is the specification for service authors.
public enum RemoteProtocol {
    /// The protocol name and version, the `protocol` member of every request and answer.
    public static let version = "gridway-remote/1"

    /// The request body: `{"protocol", "adapter", "capability", "config", "input"}`, where `config` is the
    /// manifest's `remote.config` with its settings filled in.
    ///
    /// `input` is the capability's document: ``DeliveryInput/document`` (data projected to the
    /// adapter's grant), ``FetchQuery/document``, ``NotifyInput/document``, or for `ingest`
    /// ``document(of:)``.
    public static func request(adapter: String, capability: AdapterCapability, config: JSONValue, input: JSONValue)
        -> JSONValue
    {
        .object([
            "protocol": .string(version), "adapter": .string(adapter), "capability": .string(capability.rawValue),
            "config": config, "input": input,
        ])
    }

    /// The `ingest` input: `{"webhook": {"headers": [{"name", "value"}…], "body": "<base64>"}}`.
    public static func document(of webhook: InboundWebhook) -> JSONValue {
        .object([
            "webhook": .object([
                "headers": .array(
                    webhook.headers.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
                "body": .string(Data(webhook.body).base64EncodedString()),
            ])
        ])
    }

    /// The webhook in an `ingest` input, as a service reads it back; `nil` when `input` is not one.
    public static func webhook(in input: JSONValue) -> InboundWebhook? {
        guard case .array(let headers)? = input["webhook"]?["headers"],
            let body = input["webhook"]?["body"]?.stringValue,
            let bytes = Data(base64Encoded: body)
        else { return nil }
        var fields: [HTTPHeader] = []
        for header in headers {
            guard let name = header["name"]?.stringValue, let value = header["value"]?.stringValue else { return nil }
            fields.append(HTTPHeader(name, value))
        }
        return InboundWebhook(headers: fields, body: Array(bytes))
    }
}
