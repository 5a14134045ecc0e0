import GridwayAdapters

extension AdapterRegistry {
    /// A registry without adapters.
    public static var empty: AdapterRegistry {
        do {
            return try AdapterRegistry([])
        } catch {
            preconditionFailure("an empty registry has no duplicate ids")
        }
    }
}
