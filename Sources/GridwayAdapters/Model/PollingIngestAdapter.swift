/// An ingest adapter that Gridway polls on a schedule, for legacy apps that cannot call out.
///
/// Polled records go through the same submission path as webhooks; a record polled again is stored
/// once, because its ``IngestedRecord/sourceID`` is the idempotency key.
public protocol PollingIngestAdapter: Adapter {
    /// The time between two polls (`ingest.poll.every` in a manifest); `nil` when the adapter is not polled.
    var pollInterval: Duration? { get }

    /// Reads the legacy app's current records and turns them into submission requests.
    func poll(through transport: any HTTPTransport) async throws -> [IngestedRecord]
}
