import GridwayAdapters

/// An upstream the dispatcher delivers to: its `deliver` adapter, its settings, and the transport
/// its requests go through.
public struct DeliveryTarget: Sendable {
    /// The adapter; its id is the target id.
    public var adapter: any Adapter
    /// Concurrency, limits, retries and signing secrets.
    public var settings: TargetSettings
    /// Where its requests go (the shared HTTP client, usually wrapped to track adapter health).
    public var transport: any HTTPTransport

    /// Creates a target.
    public init(adapter: any Adapter, settings: TargetSettings, transport: any HTTPTransport) {
        self.adapter = adapter
        self.settings = settings
        self.transport = transport
    }
}
