import GridwayCore
import GridwayJSON
import OrderedCollections

/// Writes a JSON object as an `application/x-www-form-urlencoded` body by the convention described on
/// ``BodyFormat/form``.
enum FormWriter {
    /// The ASCII body for `value` with names and values percent-encoded in `charset`.
    static func body(_ value: JSONValue, charset: Charset) throws(CodecError) -> [UInt8] {
        guard case .object(let members) = value else {
            throw error("a form body is an object of scalars, not \(value.kindDescription)", at: .root)
        }
        var output: [UInt8] = []
        for (name, member) in members {
            let pointer = JSONPointer.root.appending(name)
            if case .array(let items) = member {
                for (index, item) in items.enumerated() {
                    try pair(name, item, at: pointer.appending(index: index), charset: charset, into: &output)
                }
            } else {
                try pair(name, member, at: pointer, charset: charset, into: &output)
            }
        }
        return output
    }

    private static func pair(
        _ name: String, _ value: JSONValue, at pointer: JSONPointer, charset: Charset, into output: inout [UInt8]
    ) throws(CodecError) {
        switch value {
        case .object:
            throw error("a nested object cannot be form-encoded; map its members to flat names", at: pointer)
        case .array:
            throw error("an array inside an array cannot be form-encoded", at: pointer)
        default:
            break
        }
        if !output.isEmpty { output.append(UInt8(ascii: "&")) }
        try percentEncode(name, charset: charset, at: pointer, into: &output)
        output.append(UInt8(ascii: "="))
        try percentEncode(value.codecText ?? "", charset: charset, at: pointer, into: &output)
    }

    /// Appends the charset bytes of `string`, keeping `*-._`, digits and ASCII letters, writing space
    /// as `+` and every other byte as `%XX`.
    private static func percentEncode(
        _ string: String, charset: Charset, at pointer: JSONPointer, into output: inout [UInt8]
    ) throws(CodecError) {
        let bytes: [UInt8]
        do {
            bytes = try charset.encode(string)
        } catch {
            throw FormWriter.error(error.reason, at: pointer)
        }
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                output.append(byte)
            case UInt8(ascii: " "):
                output.append(UInt8(ascii: "+"))
            default:
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
    }

    private static func error(_ reason: String, at pointer: JSONPointer) -> CodecError {
        CodecError(format: .form, location: .value(pointer), reason: reason)
    }
}
