import GridwayAdapters
import GridwayCore
import GridwayDelivery
import GridwayStore
import NIOSSL

/// What every route needs: the contract catalog, the org-unit tree, the store, the adapters and the settings.
public struct GridwayServices: Sendable {
    /// Contracts by reference.
    public var catalog: ContractCatalog
    /// The org-unit hierarchy.
    public var units: OrgUnitTree
    /// Durable storage.
    public var store: any Store
    /// Server settings.
    public var configuration: GridwayConfiguration
    /// Every adapter, by id.
    public var adapters: AdapterRegistry
    /// What adapters send their requests through. A transport that is also a `Service` (an owned
    /// ``AsyncHTTPTransport``) runs in the application's `ServiceGroup`, which shuts it down.
    public var transport: any HTTPTransport
    /// Each adapter's last success and last error.
    public var adapterHealth: AdapterHealth
    /// The outbox dispatcher, once fan-out is started with ``withDelivery(environment:logger:)``.
    public var dispatcher: DeliveryDispatcher?
    /// Delivery metrics, rendered at `/metrics`.
    public var deliveryMetrics = DeliveryMetrics()
    /// The configuration to serve HTTPS with (from ``GridwayConfiguration/tls``), or `nil` for plain HTTP.
    public var serverTLS: TLSConfiguration?
    /// Holds back portal sign-ins after failures, per client address and per (username, address).
    public var signInThrottle = SignInThrottle()
    /// Signs the prefill tokens `GET /v1/prefill` issues and checks those submissions send back.
    public var prefillTokens = PrefillTokenSigner.random()
    /// Where every worker and route reads the time and waits for it (the system's clocks unless a test
    /// sets its own ``TestClock`` before the dispatcher and application are built).
    public var clock: any GridwayClock = SystemClock()
    /// Wakes the inbox streams after every stored result.
    let resultFeed = ResultFeed()

    /// Bundles the parts; without adapters there is nothing to send, and the shared client serves.
    public init(
        catalog: ContractCatalog, units: OrgUnitTree, store: any Store, configuration: GridwayConfiguration,
        adapters: AdapterRegistry = .empty, transport: any HTTPTransport = AsyncHTTPTransport.shared,
        adapterHealth: AdapterHealth = AdapterHealth()
    ) {
        self.catalog = catalog
        self.units = units
        self.store = store
        self.configuration = configuration
        self.adapters = adapters
        self.transport = transport
        self.adapterHealth = adapterHealth
    }

    /// The transport `adapter` sends through, reporting to ``adapterHealth``.
    func transport(for adapter: any Adapter) -> any HTTPTransport {
        adapterHealth.tracking(transport, for: adapter.descriptor.id, clock: clock)
    }
}
