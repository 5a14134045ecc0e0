/// An error converting text to or from a ``Charset``.
public struct CharsetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The charset of the bytes.
    public var charset: Charset
    /// The zero-based offset of the first byte that could not be converted.
    public var offset: Int
    /// What is wrong, e.g. `invalid GB18030 byte sequence`.
    public var reason: String

    /// Creates an error.
    public init(charset: Charset, offset: Int, reason: String) {
        self.charset = charset
        self.offset = offset
        self.reason = reason
    }

    /// `"<reason> at byte <offset>"`.
    public var description: String {
        "\(reason) at byte \(offset)"
    }
}
