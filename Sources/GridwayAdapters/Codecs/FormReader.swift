import GridwayCore
import GridwayJSON
import OrderedCollections

/// Reads an `application/x-www-form-urlencoded` body into a JSON object by the convention described on
/// ``BodyFormat/form``.
struct FormReader {
    /// The body as received.
    let bytes: [UInt8]
    /// The charset of the percent-decoded bytes.
    let charset: Charset

    /// The object of names to strings, repeated names to arrays of strings.
    ///
    /// Follows the WHATWG parser: `&` separates pairs, empty pairs are skipped, the first `=` splits
    /// name from value (no `=` means an empty value), `+` is a space, and `%` not followed by two hex
    /// digits is kept as it is. Unlike it, bytes invalid in the charset are an error, not U+FFFD.
    func fields() throws(CodecError) -> JSONValue {
        var members: OrderedDictionary<String, [JSONValue]> = [:]
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if end > start {
                let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) ?? end
                let name = try decode(start..<equals)
                let value = equals < end ? try decode((equals + 1)..<end) : ""
                members[name, default: []].append(.string(value))
            }
            start = end + 1
        }
        return .object(members.mapValues { $0.count == 1 ? $0[0] : .array($0) })
    }

    /// The percent-decoded text of `bytes[range]`.
    private func decode(_ range: Range<Int>) throws(CodecError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 1 < range.upperBound,
                let high = FormReader.hexValue(bytes[index]), let low = FormReader.hexValue(bytes[index + 1])
            {
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
        }
        do {
            return try charset.decode(decoded)
        } catch {
            throw CodecError(
                format: .form, location: .text(offset: range.lowerBound, inUTF8: bytes),
                reason: "\(error.reason) in the percent-decoded name or value starting here")
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
