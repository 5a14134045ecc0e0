/// Where the members and elements of a JSON text are, by JSON Pointer: the line and column an
/// editor shows (both from 1, columns counted in Unicode scalars like ``JSONParseError``).
///
/// An object member is placed at its key (the line `"x-gridway-element": …` starts), an array
/// element and the root at the start of the value. A text that is not valid JSON is mapped up to
/// the first fault.
public struct JSONSourceMap: Sendable {
    /// A line and column in the text.
    public struct Position: Sendable, Hashable {
        /// The line, from 1.
        public let line: Int
        /// The column, from 1, in Unicode scalars.
        public let column: Int
    }

    private var positions: [JSONPointer: Position] = [:]

    /// Maps the JSON text `bytes`.
    public init(_ bytes: some Collection<UInt8>) {
        var scanner = Scanner(bytes: Array(bytes))
        scanner.value(at: .root)
        positions = scanner.positions
    }

    /// The position of the value `pointer` names, or of its nearest ancestor in the text when it
    /// names nothing there (a missing member is reported at the object that lacks it).
    public func position(of pointer: JSONPointer) -> Position {
        var current: JSONPointer? = pointer
        while let candidate = current {
            if let position = positions[candidate] { return position }
            current = candidate.parent
        }
        return Position(line: 1, column: 1)
    }

    /// A single pass over the text, recording where each pointer starts.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var column = 1
        var positions: [JSONPointer: Position] = [:]

        var here: Position { Position(line: line, column: column) }
        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func advance() {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { advance() }
        }

        /// Scans one value, recording `pointer` at its start unless its member key was recorded.
        /// Returns `false` at a fault, which ends the scan.
        @discardableResult
        mutating func value(at pointer: JSONPointer) -> Bool {
            skipWhitespace()
            guard let byte = current else { return false }
            if positions[pointer] == nil { positions[pointer] = here }
            switch byte {
            case UInt8(ascii: "{"):
                return container(closing: UInt8(ascii: "}")) { scanner, _ in
                    let start = scanner.here
                    guard let key = scanner.string() else { return false }
                    scanner.positions[pointer.appending(key)] = start
                    scanner.skipWhitespace()
                    guard scanner.current == UInt8(ascii: ":") else { return false }
                    scanner.advance()
                    return scanner.value(at: pointer.appending(key))
                }
            case UInt8(ascii: "["):
                return container(closing: UInt8(ascii: "]")) { scanner, index in
                    scanner.value(at: pointer.appending(index: index))
                }
            case UInt8(ascii: "\""):
                return string() != nil
            default:
                while let byte = current, !Self.ends(byte) { advance() }
                return true
            }
        }

        /// Scans an object or array whose opening bracket is current, one entry at a time.
        mutating func container(closing: UInt8, entry: (inout Scanner, Int) -> Bool) -> Bool {
            advance()
            skipWhitespace()
            if current == closing {
                advance()
                return true
            }
            var count = 0
            while true {
                skipWhitespace()
                guard entry(&self, count) else { return false }
                count += 1
                skipWhitespace()
                switch current {
                case UInt8(ascii: ",")?: advance()
                case closing?:
                    advance()
                    return true
                default: return false
                }
            }
        }

        /// Scans a string whose opening quote is current and returns its decoded text.
        mutating func string() -> String? {
            guard current == UInt8(ascii: "\"") else { return nil }
            let start = index
            advance()
            while let byte = current, byte != UInt8(ascii: "\"") {
                if byte == UInt8(ascii: "\\") { advance() }
                if current != nil { advance() }
            }
            guard current != nil else { return nil }
            advance()
            return (try? JSONValue(parsing: bytes[start..<index]))?.stringValue
        }

        /// Whether `byte` ends a number or literal.
        static func ends(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09].contains(byte)
        }
    }
}
