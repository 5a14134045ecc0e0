/// Whether a result addressed to one unit reaches only that unit or its whole subtree.
public enum ResultScope: String, Sendable, Hashable, CaseIterable {
    /// The unit alone.
    case unit
    /// The unit and every unit below it.
    case subtree
}
