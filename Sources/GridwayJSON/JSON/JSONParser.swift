import OrderedCollections

/// A strict RFC 8259 parser that turns UTF-8 bytes into a ``JSONValue``.
///
/// The parser rejects everything RFC 8259 does not allow (trailing commas, leading zeros,
/// unescaped control characters, lone surrogate escapes, invalid UTF-8, trailing content) and,
/// beyond the RFC, duplicate object keys, nesting deeper than ``maxDepth`` and arrays or objects
/// with more than ``maxElements`` entries, so hostile input cannot overflow the stack or blow up
/// memory. Integers that fit in `Int64` become ``JSONValue/integer(_:)``; every other number
/// becomes ``JSONValue/number(_:)``.
///
/// ```swift
/// let value = try JSONParser().parse(Array(#"{"age": 42}"#.utf8))
/// ```
public struct JSONParser: Sendable {
    /// The default maximum nesting depth of arrays and objects.
    public static let defaultMaxDepth = 256

    /// The maximum nesting depth of arrays and objects; deeper input is rejected.
    public var maxDepth: Int
    /// The maximum number of elements of one array or members of one object; longer input is rejected.
    public var maxElements: Int

    /// Creates a parser that accepts at most `maxDepth` nested arrays and objects, each with at most
    /// `maxElements` entries.
    public init(maxDepth: Int = JSONParser.defaultMaxDepth, maxElements: Int = .max) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    /// Parses one JSON text held in contiguous bytes.
    public func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var reader = Reader(
            bytes: buffer.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth, maxElements: maxElements)
        return try reader.parseDocument()
    }

    /// Parses one JSON text held in a byte array.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON text from any collection of UTF-8 bytes, such as `Data` or a
    /// `String.UTF8View`; contiguous collections are read without copying.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let contiguous {
            return try contiguous.get()
        }
        return try parse(Array(bytes))
    }

    /// Parses one JSON text held in a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }
}

extension JSONParser {
    /// The cursor over the input; every method reads at `position`.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        let maxElements: Int
        var position = 0
        var depth = 0
        /// Scratch space reused for strings that contain escapes.
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, maxElements: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
        }

        func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
            JSONParseError(reason: reason, offset: offset ?? position, in: bytes)
        }

        func limitError(_ reason: String) -> JSONParseError {
            var error = error(reason)
            error.exceedsLimit = true
            return error
        }

        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            skipWhitespace()
            if position == bytes.count {
                throw error("empty input: expected a JSON value")
            }
            let value = try parseValue()
            skipWhitespace()
            if position != bytes.count {
                throw error("unexpected \(describeByte(at: position)) after the JSON value")
            }
            return value
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        func describeByte(at offset: Int) -> String {
            guard offset < bytes.count else { return "end of input" }
            let byte = bytes[offset]
            if byte >= 0x20 && byte < 0x7F {
                return "character '\(Character(Unicode.Scalar(byte)))'"
            }
            return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }

        mutating func parseValue() throws(JSONParseError) -> JSONValue {
            guard position < bytes.count else {
                throw error("unexpected end of input: expected a JSON value")
            }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber()
            default:
                throw error("unexpected \(describeByte(at: position)): expected a JSON value")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
            let start = position
            let count = literal.utf8CodeUnitCount
            let text = literal.utf8Start
            for index in 0..<count {
                guard start + index < bytes.count, bytes[start + index] == text[index] else {
                    throw error("invalid literal: expected '\(literal)'", at: start)
                }
            }
            position = start + count
        }

        mutating func enter() throws(JSONParseError) {
            depth += 1
            if depth > maxDepth {
                throw limitError("nesting deeper than the limit of \(maxDepth)")
            }
        }

        mutating func parseArray() throws(JSONParseError) -> JSONValue {
            try enter()
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                    throw error("trailing comma in array")
                }
                guard elements.count < maxElements else {
                    throw limitError("array longer than the limit of \(maxElements) elements")
                }
                elements.append(try parseValue())
                skipWhitespace()
                guard position < bytes.count else {
                    throw error("unterminated array: expected ',' or ']'")
                }
                switch bytes[position] {
                case UInt8(ascii: ","):
                    position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    depth -= 1
                    return .array(elements)
                default:
                    throw error("expected ',' or ']' after array element, found \(describeByte(at: position))")
                }
            }
        }

        mutating func parseObject() throws(JSONParseError) -> JSONValue {
            try enter()
            position += 1
            var members = OrderedDictionary<String, JSONValue>()
            skipWhitespace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count else {
                    throw error("unterminated object: expected a member name")
                }
                if bytes[position] == UInt8(ascii: "}") {
                    throw error("trailing comma in object")
                }
                guard bytes[position] == UInt8(ascii: "\"") else {
                    throw error("expected a string member name, found \(describeByte(at: position))")
                }
                let keyOffset = position
                guard members.count < maxElements else {
                    throw limitError("object with more members than the limit of \(maxElements)")
                }
                let key = try parseString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw error("expected ':' after object member name, found \(describeByte(at: position))")
                }
                position += 1
                skipWhitespace()
                let value = try parseValue()
                if members.updateValue(value, forKey: key) != nil {
                    throw error("duplicate key \(JSONValue.quoted(key))", at: keyOffset)
                }
                skipWhitespace()
                guard position < bytes.count else {
                    throw error("unterminated object: expected ',' or '}'")
                }
                switch bytes[position] {
                case UInt8(ascii: ","):
                    position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    depth -= 1
                    return .object(members)
                default:
                    throw error("expected ',' or '}' after object member, found \(describeByte(at: position))")
                }
            }
        }

        /// Parses a string starting at the opening quote and leaves `position` after the closing quote.
        mutating func parseString() throws(JSONParseError) -> String {
            let start = position
            position += 1
            let contentStart = position
            // Fast path: no escapes.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<position])
                    position += 1
                    guard let string = String(validating: content, as: UTF8.self) else {
                        throw error("invalid UTF-8 in string", at: start)
                    }
                    return string
                }
                if byte == UInt8(ascii: "\\") {
                    break
                }
                if byte < 0x20 {
                    throw error("unescaped control character in string")
                }
                position += 1
            }
            guard position < bytes.count else {
                throw error("unterminated string", at: start)
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    guard let string = String(validating: scratch, as: UTF8.self) else {
                        throw error("invalid UTF-8 in string", at: start)
                    }
                    return string
                case UInt8(ascii: "\\"):
                    try parseEscape()
                case 0..<0x20:
                    throw error("unescaped control character in string")
                default:
                    scratch.append(byte)
                    position += 1
                }
            }
            throw error("unterminated string", at: start)
        }

        /// Parses one escape sequence at `position` (the backslash) into `scratch`.
        mutating func parseEscape() throws(JSONParseError) {
            let escapeStart = position
            position += 1
            guard position < bytes.count else {
                throw error("unterminated string")
            }
            let code = bytes[position]
            position += 1
            switch code {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try parseHex4(escapeStart: escapeStart)
                var scalarValue = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    guard position + 1 < bytes.count,
                        bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        throw error("lone high surrogate escape in string", at: escapeStart)
                    }
                    let lowStart = position
                    position += 2
                    let low = try parseHex4(escapeStart: lowStart)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("lone high surrogate escape in string", at: escapeStart)
                    }
                    scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw error("lone low surrogate escape in string", at: escapeStart)
                }
                // Every non-surrogate value below 0x110000 is a valid scalar.
                let scalar = Unicode.Scalar(scalarValue)!
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw error("invalid escape sequence in string", at: escapeStart)
            }
        }

        mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
            guard position + 4 <= bytes.count else {
                throw error("invalid \\u escape: expected four hex digits", at: escapeStart)
            }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("invalid \\u escape: expected four hex digits", at: escapeStart)
                }
                value = value << 4 | UInt16(digit)
                position += 1
            }
            return value
        }

        mutating func parseNumber() throws(JSONParseError) -> JSONValue {
            let start = position
            var negative = false
            if bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number: expected a digit", at: position)
            }
            // Accumulate the integer part negatively so Int64.min fits.
            var accumulator: Int64 = 0
            var overflow = false
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
                if position < bytes.count && isDigit(bytes[position]) {
                    throw error("invalid number: leading zeros are not allowed", at: start)
                }
            } else {
                while position < bytes.count, isDigit(bytes[position]) {
                    let digit = Int64(bytes[position] - UInt8(ascii: "0"))
                    if !overflow {
                        let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                        let (next, o2) = times10.subtractingReportingOverflow(digit)
                        if o1 || o2 { overflow = true } else { accumulator = next }
                    }
                    position += 1
                }
            }
            var isInteger = true
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                guard position < bytes.count, isDigit(bytes[position]) else {
                    throw error("invalid number: expected a digit after the decimal point")
                }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
                isInteger = false
                position += 1
                if position < bytes.count
                    && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
                {
                    position += 1
                }
                guard position < bytes.count, isDigit(bytes[position]) else {
                    throw error("invalid number: expected a digit in the exponent")
                }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if isInteger && !overflow {
                if negative { return .integer(accumulator) }
                if accumulator != .min { return .integer(-accumulator) }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let double = Double(text), double.isFinite else {
                throw error("number \(text) is out of range", at: start)
            }
            return .number(double)
        }

        @inline(__always)
        func isDigit(_ byte: UInt8) -> Bool {
            byte &- UInt8(ascii: "0") < 10
        }
    }
}
