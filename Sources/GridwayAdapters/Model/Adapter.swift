import GridwayCore
import GridwayJSON

/// A plugin that speaks one legacy or upstream system's API on Gridway's behalf.
///
/// Every capability is optional; an adapter implements the ones its descriptor declares. Requests
/// go through the given transport, so the same adapter runs against real systems in the server and
/// against recorded fixtures in `gridway adapter test`.
public protocol Adapter: Sendable {
    /// Who the adapter is and what it covers.
    var descriptor: AdapterDescriptor { get }

    /// Sends one submission upstream and reads the upstream's answer.
    func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome

    /// Reads records for `query` out of the legacy app, normalized to the contract's field names.
    func fetch(_ query: FetchQuery, through transport: any HTTPTransport) async throws -> [JSONValue]

    /// Turns a webhook from the legacy app into submission requests.
    func ingest(_ webhook: InboundWebhook) async throws -> [IngestedRecord]

    /// Delivers a result pushed down into the legacy app.
    func notify(_ input: NotifyInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome
}

extension Adapter {
    public func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        throw AdapterError.unsupported(descriptor.id, .deliver)
    }

    public func fetch(_ query: FetchQuery, through transport: any HTTPTransport) async throws -> [JSONValue] {
        throw AdapterError.unsupported(descriptor.id, .fetch)
    }

    public func ingest(_ webhook: InboundWebhook) async throws -> [IngestedRecord] {
        throw AdapterError.unsupported(descriptor.id, .ingest)
    }

    public func notify(_ input: NotifyInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        throw AdapterError.unsupported(descriptor.id, .notify)
    }
}

/// Why an adapter could not do what was asked.
public enum AdapterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The adapter does not have the capability.
    case unsupported(String, AdapterCapability)
    /// A value could not be mapped: where (a JSONPath or field name) and why.
    case mapping(location: String, reason: String)
    /// The other system answered with something the adapter cannot read.
    case unreadableResponse(String)
    /// An inbound webhook was refused: bad signature, unknown record type…
    case refused(String)
    /// A setting the adapter needs is missing or invalid.
    case configuration(String)

    public var description: String {
        switch self {
        case .unsupported(let id, let capability): "adapter \(id) cannot \(capability.rawValue)"
        case .mapping(let location, let reason): "cannot map \(location): \(reason)"
        case .unreadableResponse(let reason): "unreadable response: \(reason)"
        case .refused(let reason): "refused: \(reason)"
        case .configuration(let reason): "configuration: \(reason)"
        }
    }
}
