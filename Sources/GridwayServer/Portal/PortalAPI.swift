import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird

/// Calls a JSON API route handler in-process with the portal caller's context (its credential and
/// so its scope), and reads the JSON it answers; the API's problems are thrown as they are.
///
/// The portal uses it where the API assembles an answer from several parts (prefill, aggregates), so the
/// page shows exactly what the API would, checked exactly as the API checks it.
enum PortalAPI {
    static func get<Context: RequestContext>(
        _ handler: (Request, Context) async throws -> Response, path: String, query: [(String, String)],
        context: Context
    ) async throws -> JSONValue {
        var components = URLQueryEncoding.encode(query)
        if !components.isEmpty { components = "?" + components }
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "gridway", path: path + components),
            body: RequestBody(buffer: ByteBuffer()))
        let response = try await handler(request, context)
        let collector = Collector()
        try await response.body.write(CollectingWriter(collector: collector))
        return try JSONValue(parsing: Array(collector.buffer.readableBytesView))
    }

    private final class Collector {
        var buffer = ByteBuffer()
    }

    private struct CollectingWriter: ResponseBodyWriter {
        let collector: Collector

        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collector.buffer.writeBuffer(&buffer)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

/// Percent-encoding of query parameters.
enum URLQueryEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// `name=value&…` with both percent-encoded.
    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// `text` with every byte outside the unreserved set percent-encoded.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                escaped.append(Character(Unicode.Scalar(byte)))
            } else {
                escaped += String(format: "%%%02X", byte)
            }
        }
        return escaped
    }
}
