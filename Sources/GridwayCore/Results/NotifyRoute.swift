/// One addressed unit whose legacy app receives a result through a target's `notify` adapter.
public struct NotifyRoute: Sendable, Hashable {
    /// The addressed unit.
    public var unit: String
    /// The target (the legacy app's adapter id).
    public var target: String

    /// Creates a route.
    public init(unit: String, target: String) {
        self.unit = unit
        self.target = target
    }
}
