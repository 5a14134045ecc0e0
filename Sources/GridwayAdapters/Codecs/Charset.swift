/// A character encoding of body text: UTF-8, or GB18030, which many legacy Chinese systems still use.
///
/// Conversions to and from GB18030 go through the C library's iconv; text that is all ASCII, which is
/// the same in both charsets, skips it. In JSON and YAML a charset is written `utf-8` or `gb18030`; any
/// label that ``init(label:)`` accepts is read too.
public enum Charset: String, Sendable, Hashable, CaseIterable {
    /// UTF-8, the default.
    case utf8 = "utf-8"
    /// GB18030, the Chinese national standard: one, two or four bytes per character, covering all of
    /// Unicode, with GBK and GB 2312 as subsets.
    case gb18030 = "gb18030"

    /// Finds the charset for a label as written in a `Content-Type` header or an XML declaration,
    /// ignoring ASCII case and surrounding spaces.
    ///
    /// Besides `utf-8` and `gb18030` it accepts `utf8` and the WHATWG labels of GBK (`gbk`, `gb2312`,
    /// `cp936`, …), which are read with the GB18030 decoder as the Encoding Standard does.
    public init?(label: String) {
        switch label.lowercased().trimmingASCIISpaces() {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            self = .utf8
        case "gb18030", "gbk", "x-gbk", "gb2312", "gb_2312", "gb_2312-80", "csgb2312", "cp936", "chinese":
            self = .gb18030
        default:
            return nil
        }
    }

    /// Finds the charset named by the `charset` parameter of a `Content-Type` value such as
    /// `text/xml; charset="GBK"`; `nil` when there is none or it names another charset.
    public init?(contentType: String) {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased().trimmingASCIISpaces() == "charset" else { continue }
            var value = pair[1].trimmingASCIISpaces()
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            self.init(label: value)
            return
        }
        return nil
    }

    /// The name written in an XML declaration: `UTF-8` or `GB18030`.
    public var xmlName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        }
    }

    /// The bytes of `string` in this charset.
    ///
    /// - Throws: ``CharsetError`` only if the C library cannot convert to this charset at all.
    public func encode(_ string: String) throws(CharsetError) -> [UInt8] {
        try bytes(fromUTF8: Array(string.utf8))
    }

    /// The text of `bytes` in this charset.
    ///
    /// - Throws: ``CharsetError`` with the offset of the first byte that is not valid in this charset.
    public func decode(_ bytes: [UInt8]) throws(CharsetError) -> String {
        String(decoding: try utf8(from: bytes), as: UTF8.self)
    }

    /// Converts UTF-8 bytes (known to be valid) to this charset.
    func bytes(fromUTF8 utf8: [UInt8]) throws(CharsetError) -> [UInt8] {
        if self == .utf8 || utf8.allSatisfy({ $0 < 0x80 }) { return utf8 }
        switch Iconv.convert(utf8, from: "UTF-8", to: xmlName) {
        case .success(let converted):
            return converted
        case .failure(let failure):
            throw error(failure, direction: "UTF-8 to \(xmlName)")
        }
    }

    /// Converts bytes in this charset to UTF-8, checking them.
    func utf8(from bytes: [UInt8]) throws(CharsetError) -> [UInt8] {
        if self == .utf8 {
            if String(validating: bytes, as: UTF8.self) != nil { return bytes }
            throw CharsetError(charset: self, offset: Charset.invalidUTF8Offset(in: bytes), reason: "invalid UTF-8")
        }
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        switch Iconv.convert(bytes, from: xmlName, to: "UTF-8") {
        case .success(let converted):
            return converted
        case .failure(let failure):
            throw error(failure, direction: "\(xmlName) to UTF-8")
        }
    }

    private func error(_ failure: Iconv.Failure, direction: String) -> CharsetError {
        switch failure {
        case .unavailable:
            CharsetError(charset: self, offset: 0, reason: "the C library cannot convert \(direction)")
        case .invalid(let offset):
            CharsetError(charset: self, offset: offset, reason: "invalid \(xmlName) byte sequence")
        case .truncated(let offset):
            CharsetError(charset: self, offset: offset, reason: "truncated \(xmlName) byte sequence at the end")
        }
    }

    /// The offset of the first byte of the first ill-formed UTF-8 sequence in `bytes`.
    private static func invalidUTF8Offset(in bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            offset += scalar.count
        }
        return offset
    }
}

extension Charset: Codable {
    /// Reads a charset label such as `utf-8` or `GB18030`; see ``init(label:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let label = try container.decode(String.self)
        guard let charset = Charset(label: label) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown charset \"\(label)\"; expected utf-8 or gb18030")
        }
        self = charset
    }

    /// Writes the charset as `utf-8` or `gb18030`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
