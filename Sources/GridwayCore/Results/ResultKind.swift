/// What a result sent down to org units is.
public enum ResultKind: String, Sendable, Hashable, CaseIterable {
    /// An announcement to read.
    case notice
    /// Work the units are asked to do.
    case task
    /// An answer to submissions the units sent up.
    case feedback
    /// Rolled-up figures for the units.
    case aggregate
}
