/// One node selected by a ``JSONPath``: a value and where it was found.
public struct JSONPathNode: Sendable, Hashable {
    /// The normalized path of the node in the queried document.
    public var location: JSONPathLocation
    /// The value at that location.
    public var value: JSONValue

    /// Creates a node.
    public init(location: JSONPathLocation, value: JSONValue) {
        self.location = location
        self.value = value
    }
}
