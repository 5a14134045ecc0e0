/// A kind of committed change that processes sharing a store want to hear about.
public enum StoreChange: String, Sendable, CaseIterable {
    /// Deliveries were created or became due again: dispatchers should look for work.
    case deliveries
    /// A result was published: inbox streams should read what is new.
    case results
}

/// Wake-ups for changes committed by any process sharing the store, this one included.
///
/// A store used by one process needs none: the process wakes its own dispatcher and streams when it
/// commits. A store that several replicas share provides one, so work committed through one replica
/// wakes the others.
public protocol ChangeNotifier: Sendable {
    /// Yields once per batch of committed `change`s (wake-ups not yet consumed are merged); ends when
    /// the subscriber's task is cancelled or the notifier stops.
    func changes(_ change: StoreChange) -> AsyncStream<Void>
}
