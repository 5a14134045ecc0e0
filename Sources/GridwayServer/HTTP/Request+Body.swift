import GridwayCore
import GridwayJSON
import Hummingbird

extension Request {
    /// The body parsed as JSON, after checking its content type and size; problem+json on any failure.
    func jsonBody(within configuration: GridwayConfiguration) async throws -> JSONValue {
        let limit = configuration.bodyLimit
        let limits = configuration.limits
        let contentType = headers[.contentType]
        guard let contentType, Self.isJSON(contentType) else { throw Problem.unsupportedMediaType(contentType) }
        let bytes = try await bodyBytes(limit: limit)
        do {
            let parser = JSONParser(maxDepth: limits.maxJSONDepth, maxElements: limits.maxJSONElements)
            return try parser.parse(bytes)
        } catch {
            throw error.exceedsLimit ? Problem.jsonTooComplex(error, limits: limits) : Problem.malformedJSON(error)
        }
    }

    /// Whether the media type (parameters such as `charset` aside) is `application/json`, in any case.
    private static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
            .drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }.reversed()
        return mediaType.count == 16 && zip(mediaType, "application/json".utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }
}
