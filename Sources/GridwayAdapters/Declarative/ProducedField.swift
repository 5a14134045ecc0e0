import GridwayCore

/// A contract field that a fetch or ingest `map:` writes, for the checks against the contract catalog.
struct ProducedField: Sendable {
    /// The contract the map produces records of.
    var contract: ContractRef
    /// The key of `map:`.
    var field: String
    /// Where the key is written.
    var position: SourcePosition
    /// Whether the records pass through the adapter's grant (fetch), so an ungranted field is dropped.
    var filteredByGrant: Bool
}
