import GridwayAdapters
import GridwayCore
import GridwayJSON

/// A compiled-in adapter that posts, as JSON, the whole document the dispatcher hands it
/// (`DeliveryInput.document`) to a ``JSONDepartment``-like upstream: what arrives is exactly what the
/// gateway let through, whatever a manifest would have picked.
struct FanOutForwardingAdapter: Adapter {
    let descriptor: AdapterDescriptor
    let url: String

    /// An adapter delivering elderly-visit@1 to `url` with `grant`.
    init(id: String, url: String, grant: Set<String>) throws {
        descriptor = AdapterDescriptor(
            id: id, title: id, kind: .swift, capabilities: [.deliver],
            contracts: [ContractGrant(contract: try ContractRef(parsing: "elderly-visit@1"), grantedFields: grant)])
        self.url = url
    }

    func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        let request = OutboundRequest(
            method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/json")],
            body: input.document.serialized())
        let response = try await transport.send(request, timeout: .seconds(10))
        guard response.status == 200 else { return .rejected(reason: "status \(response.status)") }
        return .delivered(receipt: try JSONValue(parsing: response.body)["data"]?["receiptNo"]?.stringValue)
    }
}
