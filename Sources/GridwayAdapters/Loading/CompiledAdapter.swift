/// An adapter written in Swift and compiled into Gridway, for systems the declarative form cannot express.
///
/// Its source lives in `adapters/<id>/` beside its fixtures and README; the server lists the type
/// in the explicit array it gives ``AdapterLoader``, and the loader makes it when it finds the
/// folder of the same name (a folder without `adapter.yaml`).
public protocol CompiledAdapter: Adapter {
    /// The adapter id, equal to its folder name and to `descriptor.id`.
    static var id: String { get }

    /// Makes the adapter.
    /// - Parameter settings: the environment the loader was given; the adapter reads what it needs
    ///   and throws a descriptive error for anything missing.
    init(settings: [String: String]) throws
}
