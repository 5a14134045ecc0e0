/// An error from ``BodyFormat/encode(_:options:)`` or ``BodyFormat/decode(_:options:)``: the format,
/// where the problem is, and what it is.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body format being encoded or decoded.
    public var format: BodyFormat
    /// Where the problem is: a position in the body bytes when decoding, or the member of the value
    /// when encoding.
    public var location: Location
    /// What is wrong, e.g. `mismatched end tag </b>; expected </a>`.
    public var reason: String

    /// Creates an error.
    public init(format: BodyFormat, location: Location, reason: String) {
        self.format = format
        self.location = location
        self.reason = reason
    }

    /// A one-line description, e.g. `xml: undefined entity &x; at line 2, column 7 (byte 31)` or
    /// `csv: a cell cannot hold an object at /0/address`.
    public var description: String {
        "\(format.rawValue): \(reason) at \(location)"
    }
}
