import OrderedCollections

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value, members in document order.
    public var description: String {
        serializedString()
    }

    /// Serializes the value to compact UTF-8 JSON text (no insignificant whitespace).
    ///
    /// Strings escape only what RFC 8259 requires; numbers use the ECMAScript shortest form, so
    /// `.number(1.0)` is written `1` and `.number(1e21)` is written `1e+21`. Non-finite numbers,
    /// which JSON cannot represent, are written as `null`.
    /// - Parameter sortedKeys: when `true`, object members are ordered by the UTF-16 code units of
    ///   their names, as in ``canonicalBytes()``; otherwise they keep document order.
    public func serialized(sortedKeys: Bool = false) -> [UInt8] {
        var writer = JSONWriter(sortedKeys: sortedKeys)
        writer.write(self)
        return writer.output
    }

    /// Serializes the value to compact JSON text; see ``serialized(sortedKeys:)``.
    public func serializedString(sortedKeys: Bool = false) -> String {
        String(decoding: serialized(sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// The RFC 8785 (JCS) canonical form of the value, suitable for hashing.
    ///
    /// Object members are sorted by the UTF-16 code units of their names, there is no
    /// whitespace, strings use the minimal escaping of RFC 8785, integers are written exactly
    /// and other numbers in the ECMAScript shortest round-trip form (`-0` becomes `0`).
    public func canonicalBytes() -> [UInt8] {
        serialized(sortedKeys: true)
    }

    /// The value as a quoted, escaped JSON string literal, for messages.
    static func quoted(_ string: String) -> String {
        var writer = JSONWriter(sortedKeys: false)
        writer.writeString(string)
        return String(decoding: writer.output, as: UTF8.self)
    }
}

/// Appends the compact JSON text of values to a byte buffer.
struct JSONWriter {
    let sortedKeys: Bool
    var output: [UInt8] = []

    init(sortedKeys: Bool) {
        self.sortedKeys = sortedKeys
        output.reserveCapacity(1024)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .integer(let integer):
            output.append(contentsOf: String(integer).utf8)
        case .number(let double):
            if double.isFinite {
                output.append(contentsOf: JSONNumberFormatter.ecmaScriptString(double).utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .string(let string):
            writeString(string)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            if sortedKeys {
                let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
                for (index, key) in keys.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    writeString(key)
                    output.append(UInt8(ascii: ":"))
                    write(members[key]!)
                }
            } else {
                for (index, member) in members.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    writeString(member.key)
                    output.append(UInt8(ascii: ":"))
                    write(member.value)
                }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        let needsEscaping = string.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        if !needsEscaping {
            output.append(contentsOf: string.utf8)
        } else {
            for byte in string.utf8 { appendEscaped(byte) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
        case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            let low = byte & 0xF
            output.append(contentsOf: [
                0x5C, UInt8(ascii: "u"), 0x30, 0x30, 0x30 + (byte >> 4), low < 10 ? 0x30 + low : 0x57 + low,
            ])
        default:
            output.append(byte)
        }
    }
}
