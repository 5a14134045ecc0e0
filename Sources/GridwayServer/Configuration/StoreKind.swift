/// Which store implementation a server uses.
public enum StoreKind: String, Sendable, Equatable {
    /// One SQLite file in the data directory: a single process.
    case sqlite
    /// A PostgreSQL database that any number of replicas share.
    case postgres
}
