/// An error thrown by ``JSONParser`` when its input is not a valid JSON text.
///
/// The position is reported three ways: ``offset`` is the zero-based byte offset into the
/// input; ``line`` and ``column`` are one-based, with the column counted in Unicode scalars
/// from the start of the line.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong at the position, e.g. `unterminated string` or `duplicate key "x"`.
    public var reason: String
    /// The zero-based byte offset into the input where the problem was found.
    public var offset: Int
    /// The one-based line of ``offset``.
    public var line: Int
    /// The one-based column of ``offset``, counted in Unicode scalars.
    public var column: Int
    /// Whether the input is valid JSON that goes beyond the parser's depth or element limit.
    public var exceedsLimit = false

    /// Creates an error with an explicit position.
    public init(reason: String, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// A one-line description: `"<reason> at line L, column C (byte O)"`.
    public var description: String {
        "\(reason) at line \(line), column \(column) (byte \(offset))"
    }

    /// Creates an error for `offset` in `bytes`, computing the line and column.
    init(reason: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        self.init(reason: reason, offset: offset, line: line, column: column)
    }
}
