/// Percent-encoding of URL parts (RFC 3986): everything but unreserved characters, as UTF-8.
enum PercentEncoding {
    /// `text` safe to put in a path segment, query name or query value.
    static func component(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `url` with `pairs` added as percent-encoded query parameters, after `?` or, when `url` already
    /// has a query, `&`.
    static func appending(_ pairs: [(name: String, value: String)], to url: String) -> String {
        guard !pairs.isEmpty else { return url }
        return url + (url.utf8.contains(UInt8(ascii: "?")) ? "&" : "?")
            + pairs.map { component($0.name) + "=" + component($0.value) }.joined(separator: "&")
    }
}
