import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

extension JSONValue {
    /// Whether this record has, for every member of `filters` (an object of strings, as a query string
    /// decodes), a member of that name whose text equals it; strings compare as they are, other scalars
    /// as their JSON text.
    func matches(_ filters: JSONValue) -> Bool {
        (filters.objectValue ?? [:]).allSatisfy { name, wanted in
            switch self[name] {
            case .string(let text)?: .string(text) == wanted
            case let value?: .string(value.serializedString()) == wanted
            case nil: false
            }
        }
    }
}

extension Request {
    /// The query parameters as an object of strings, less the names in `excluded`.
    func queryObject(excluding excluded: Set<String> = []) -> JSONValue {
        let decoded = (try? BodyFormat.form.decode(Array((uri.query ?? "").utf8)))?.objectValue ?? [:]
        return .object(decoded.filter { !excluded.contains($0.key) })
    }
}

extension Response {
    /// A response whose body is `value` as JSON.
    static func jsonValue(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    /// A response whose body is `value` written in `format`; a value the format cannot write is a `500`.
    static func encoded(
        _ value: JSONValue, as format: BodyFormat, options: BodyFormatOptions = BodyFormatOptions(),
        status: HTTPResponse.Status = .ok
    ) -> Response {
        do {
            let bytes = try format.encode(value, options: options)
            return Response(
                status: status, headers: [.contentType: format.contentType(options: options)],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return .text("the stand-in cannot write its answer: \(error)", status: .internalServerError)
        }
    }

    /// A response with a UTF-8 text body.
    static func text(
        _ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8"
    )
        -> Response
    {
        Response(
            status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
