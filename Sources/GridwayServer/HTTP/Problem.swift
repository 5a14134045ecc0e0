import GridwayCore
import Hummingbird
import OrderedCollections

/// An RFC 9457 problem detail: the one shape of every error Gridway answers with.
public struct Problem: Error, HTTPResponseError, Sendable {
    /// One specific thing wrong with the input, located by JSON Pointer.
    public struct Violation: Sendable, Hashable {
        /// Where in the request body (JSON Pointer), e.g. `/data/durationMinutes`.
        public var instanceLocation: String
        /// The schema keyword that failed, when a schema was involved.
        public var keywordLocation: String?
        /// What is wrong, for a human.
        public var message: String

        /// Creates a violation.
        public init(instanceLocation: String, keywordLocation: String? = nil, message: String) {
            self.instanceLocation = instanceLocation
            self.keywordLocation = keywordLocation
            self.message = message
        }
    }

    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The problem type; `type` in the body is `/problems/<slug>`.
    public var slug: String
    /// A short, fixed summary of the problem type.
    public var title: String
    /// What exactly went wrong in this request.
    public var detail: String
    /// Each input violation, for validation problems.
    public var violations: [Violation]
    /// Further members specific to the problem type.
    public var extensions: OrderedDictionary<String, JSONValue>
    /// Header fields the reply carries besides the body, such as `Retry-After`.
    public var headers: HTTPFields = [:]

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, _ slug: String, title: String, detail: String, violations: [Violation] = [],
        extensions: OrderedDictionary<String, JSONValue> = [:]
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.violations = violations
        self.extensions = extensions
    }

    /// The problem's JSON body.
    public var body: JSONValue {
        var object: OrderedDictionary<String, JSONValue> = [
            "type": .string("/problems/\(slug)"),
            "title": .string(title),
            "status": .integer(Int64(status.code)),
            "detail": .string(detail),
        ]
        if !violations.isEmpty {
            object["errors"] = .array(
                violations.map { violation in
                    var entry: OrderedDictionary<String, JSONValue> = [
                        "instanceLocation": .string(violation.instanceLocation)
                    ]
                    if let keyword = violation.keywordLocation { entry["keywordLocation"] = .string(keyword) }
                    entry["message"] = .string(violation.message)
                    return .object(entry)
                })
        }
        object.merge(extensions) { current, _ in current }
        return .object(object)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(body, status: status, contentType: "application/problem+json")
        response.headers.append(contentsOf: headers)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"gridway\"" }
        return response
    }
}

extension Response {
    /// A response whose body is `value` serialized as JSON.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json")
        -> Response
    {
        let bytes = value.serialized()
        return Response(
            status: status, headers: [.contentType: contentType, .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
