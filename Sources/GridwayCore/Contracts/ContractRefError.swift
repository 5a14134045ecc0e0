/// A string is not a valid contract reference (`id@major`) or id.
public struct ContractRefError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was refused.
    public var text: String
    /// Why.
    public var reason: String

    /// `invalid contract reference "<text>": <reason>`.
    public var description: String {
        "invalid contract reference \"\(text)\": \(reason)"
    }
}
