/// The sandbox could not start: a system could not listen, or a signing secret it was given is malformed.
struct SandboxError: Error, CustomStringConvertible {
    /// What went wrong, naming the system or the variable.
    var reason: String
    var description: String { reason }
}
