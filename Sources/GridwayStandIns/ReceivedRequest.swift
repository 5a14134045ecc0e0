import GridwayAdapters
import GridwayCore
import GridwayJSON

/// One HTTP request a stand-in received, kept for assertions.
public struct ReceivedRequest: Sendable, Hashable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path, without the query string.
    public var path: String
    /// The query string as sent, without `?`.
    public var rawQuery: String
    /// Header fields in order.
    public var headers: [HTTPHeader]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a record of a request.
    public init(method: String, path: String, rawQuery: String, headers: [HTTPHeader], body: [UInt8]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }

    /// The query parameters as an object of strings (repeated names give arrays).
    public var query: JSONValue { (try? BodyFormat.form.decode(Array(rawQuery.utf8))) ?? [:] }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, or `nil` when it is not JSON.
    public var json: JSONValue? { try? JSONValue(parsing: body) }

    /// The body decoded as `application/x-www-form-urlencoded`, or `nil` when it is not a form.
    public var form: JSONValue? { try? BodyFormat.form.decode(body) }
}
