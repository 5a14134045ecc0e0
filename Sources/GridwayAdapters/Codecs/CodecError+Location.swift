import GridwayCore
import GridwayJSON

extension CodecError {
    /// Where a codec error is.
    public enum Location: Sendable, Hashable, CustomStringConvertible {
        /// A position in the body bytes: the zero-based byte offset, and the one-based line and column
        /// (the column counted in characters, i.e. Unicode scalars, from the start of the line).
        case text(offset: Int, line: Int, column: Int)
        /// The member of the value being encoded; ``GridwayJSON/JSONPointer/root`` for the whole value.
        case value(JSONPointer)

        /// `line L, column C (byte O)`, or the pointer (`/0/name`, or `the root` for the whole value).
        public var description: String {
            switch self {
            case .text(let offset, let line, let column):
                "line \(line), column \(column) (byte \(offset))"
            case .value(let pointer):
                pointer.isRoot ? "the root" : pointer.description
            }
        }

        /// The text position of `offset` in UTF-8 `bytes`, counting lines by line feeds and columns in
        /// Unicode scalars.
        static func text(offset: Int, inUTF8 bytes: some Collection<UInt8>, reportedAs reported: Int? = nil) -> Location
        {
            var line = 1
            var column = 1
            for byte in bytes.prefix(offset) {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return .text(offset: reported ?? offset, line: line, column: column)
        }
    }
}
