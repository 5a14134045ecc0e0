/// An HTTP request an adapter asks Gridway to send, or a legacy app sent to Gridway.
public struct OutboundRequest: Sendable, Hashable {
    /// `GET`, `POST`, …
    public var method: String
    /// The absolute URL, query string included.
    public var url: String
    /// Header fields in order; names as written.
    public var headers: [HTTPHeader]
    /// The body bytes (empty for none).
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }
}

/// An HTTP response received from an upstream or legacy system.
public struct InboundResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// Header fields in order.
    public var headers: [HTTPHeader]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable, Codable {
    /// The field name.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the field is called `other`, ignoring ASCII case.
    public func hasName(_ other: String) -> Bool { name.lowercased() == other.lowercased() }
}
