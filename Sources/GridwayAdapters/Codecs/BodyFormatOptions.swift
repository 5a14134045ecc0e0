/// How a ``BodyFormat`` writes and reads a body: charset, CSV layout, XML root and namespaces.
///
/// Each option applies only to the formats named in its documentation; the others ignore it. In JSON
/// and YAML every key is optional:
///
/// ```yaml
/// charset: gb18030
/// root: soap:Envelope
/// namespaces: {soap: "http://schemas.xmlsoap.org/soap/envelope/", mz: "http://mz.gov.cn/ws"}
/// arrayElements: [mz:record]
/// ```
public struct BodyFormatOptions: Sendable, Hashable, Codable {
    /// The charset of the body bytes (all formats). Default UTF-8.
    ///
    /// For XML, the document's own `encoding` declaration wins when decoding, and a UTF-8 byte-order
    /// mark wins over both (for JSON and CSV too).
    public var charset: Charset
    /// The CSV field separator. Default `,`.
    public var delimiter: CSVDelimiter
    /// Whether the first CSV record names the columns. Default `true`.
    public var header: Bool
    /// The XML root element's name (a qualified name such as `soap:Envelope`) when encoding. When set,
    /// the whole value becomes the root element's content; when `nil`, the value must be an object with
    /// exactly one element member, which is the root.
    public var root: String?
    /// XML namespaces: prefix → URI, the empty prefix for the default namespace.
    ///
    /// Encoding declares them all on the root element (`xmlns:p="…"`, sorted by prefix). Decoding
    /// rewrites every element and attribute prefix to the prefix configured here for its namespace URI,
    /// so `SOAP-ENV:Body` and `soap:Body` in the same namespace both decode as `soap:Body`; a namespace
    /// URI missing from a non-empty map is an error. With an empty map names decode as written.
    public var namespaces: [String: String]
    /// XML element names (as decoded, after prefix rewriting) that always decode to an array, even when
    /// the element occurs once, so that a mapping reading `records[*]` works on one-record pages too.
    public var arrayElements: Set<String>

    /// Creates options; every parameter has the default described on its property.
    public init(
        charset: Charset = .utf8, delimiter: CSVDelimiter = .comma, header: Bool = true, root: String? = nil,
        namespaces: [String: String] = [:], arrayElements: Set<String> = []
    ) {
        self.charset = charset
        self.delimiter = delimiter
        self.header = header
        self.root = root
        self.namespaces = namespaces
        self.arrayElements = arrayElements
    }

    private enum CodingKeys: String, CodingKey {
        case charset, delimiter, header, root, namespaces, arrayElements
    }

    /// Reads options in which every key is optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            charset: try container.decodeIfPresent(Charset.self, forKey: .charset) ?? .utf8,
            delimiter: try container.decodeIfPresent(CSVDelimiter.self, forKey: .delimiter) ?? .comma,
            header: try container.decodeIfPresent(Bool.self, forKey: .header) ?? true,
            root: try container.decodeIfPresent(String.self, forKey: .root),
            namespaces: try container.decodeIfPresent([String: String].self, forKey: .namespaces) ?? [:],
            arrayElements: try container.decodeIfPresent(Set<String>.self, forKey: .arrayElements) ?? []
        )
    }
}
