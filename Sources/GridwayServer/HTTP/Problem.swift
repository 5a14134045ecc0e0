import GridwayCore
import GridwayJSON
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

        /// The violation with its message in `text`'s language, when its schema keyword has a text there
        /// (`v.<keyword>`); a keyword without one reads `v.other` in Chinese. Messages of no keyword are kept.
        func localized(in text: PortalText) -> Violation {
            guard let keyword = keywordLocation?.split(separator: "/").last else { return self }
            var violation = self
            violation.message = text.strings["v." + keyword] ?? (text.language == .en ? message : text["v.other"])
            return violation
        }

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
    public var type: ProblemType
    /// The type's slug, e.g. `not-found`.
    public var slug: String { type.rawValue }
    /// A short, fixed summary of the problem type.
    public var title: String
    /// What exactly went wrong in this request, for API clients in English.
    public var detail: String
    /// The values of `{1}`, `{2}`, … in the type's detail in the interface strings: only what a person may
    /// read (a parameter's name, a unit's code, a limit), never an internal id.
    public var arguments: [String]
    /// Each input violation, for validation problems.
    public var violations: [Violation]
    /// Further members specific to the problem type.
    public var extensions: OrderedDictionary<String, JSONValue>
    /// Header fields the reply carries besides the body, such as `Retry-After`.
    public var headers: HTTPFields = [:]

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, _ type: ProblemType, title: String, detail: String, arguments: [String] = [],
        violations: [Violation] = [], extensions: OrderedDictionary<String, JSONValue> = [:]
    ) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.arguments = arguments
        self.violations = violations
        self.extensions = extensions
    }

    /// The problem's JSON body, in English.
    public var body: JSONValue { body(in: nil) }

    /// The problem's JSON body with its title, detail and violation messages from `text`, or in English
    /// as written for API clients when `text` is `nil`.
    func body(in text: PortalText?) -> JSONValue {
        let words = text.map(words(in:))
        var object: OrderedDictionary<String, JSONValue> = [
            "type": .string("/problems/\(slug)"),
            "title": .string(words?.title ?? title),
            "status": .integer(Int64(status.code)),
            "detail": .string(words?.detail ?? detail),
        ]
        if !violations.isEmpty {
            object["errors"] = .array(
                violations.map { violation in
                    let violation = text.map(violation.localized(in:)) ?? violation
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

    /// The title and detail a person reads in `text`'s language, with the detail's `{n}` filled from `arguments`.
    func words(in text: PortalText) -> (title: String, detail: String) {
        (
            text.strings[type.textKey] ?? title,
            text.strings[type.textKey + ".detail"].map { _ in text(type.textKey + ".detail", arguments) } ?? detail
        )
    }

    /// The reply in the language `Accept-Language` prefers: English (as written for API clients) unless
    /// Chinese ranks higher.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = PortalLanguage(acceptLanguage: request.headers[.acceptLanguage]) ?? .en
        let text = language == .en ? nil : PortalCatalog.shared.text(language)
        var response = Response.json(body(in: text), status: status, contentType: "application/problem+json")
        response.headers[.contentLanguage] = language.tag
        response.headers[.vary] = "Accept-Language"
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
