/// The OAuth 2.0 token endpoint gave no usable token.
struct TokenEndpointError: Error, Sendable, CustomStringConvertible {
    var reason: String
    var status: Int?

    var description: String { reason }
}
