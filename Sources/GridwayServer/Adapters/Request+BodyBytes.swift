import Hummingbird
import NIOHTTP1

extension Request {
    /// The raw body, whatever its content type; `413` problem+json beyond `limit` bytes, `400` when its
    /// framing is broken (a malformed chunked body).
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.tooLarge(limit: limit)
        }
        do {
            return Array(try await body.collect(upTo: limit).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem.tooLarge(limit: limit)
        } catch let error as HTTPParserError {
            throw Problem.malformedRequest(error)
        }
    }
}
