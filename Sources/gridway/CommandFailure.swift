/// A command could not do what it was asked for a reason its message states; printed without the usage text,
/// which would not help.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and, where it helps, what to do.
    var reason: String
    var description: String { reason }
}
