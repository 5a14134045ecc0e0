import GridwayAdapters
import Hummingbird

/// Records every request on the stand-in's control, then answers with the fault it is told to, if any.
struct StandInMiddleware<Context: RequestContext>: RouterMiddleware {
    static var bodyLimit: Int { 16 << 20 }

    let control: StandInControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        let received = ReceivedRequest(
            method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
            headers: request.headers.map { HTTPHeader($0.name.canonicalName, $0.value) },
            body: Array(body.readableBytesView))
        switch control.receive(received) {
        case nil:
            return try await next(request, context)
        case .serverError:
            return .text("internal error", status: .internalServerError)
        case .unavailable(let seconds):
            var response = Response.text("service unavailable", status: .serviceUnavailable)
            response.headers[.retryAfter] = String(seconds)
            return response
        case .tooManyRequests(let seconds):
            var response = Response.text("too many requests", status: .tooManyRequests)
            if let seconds { response.headers[.retryAfter] = String(seconds) }
            return response
        case .badRequest(let message):
            return .text(message, status: .badRequest)
        case .hang(let duration):
            try await Task.sleep(for: duration)
            return try await next(request, context)
        case .garbage:
            return .text(
                "<html><body>\u{7}\u{0}Service temporarily ¿unavailable", status: .ok, contentType: "text/html")
        case .hugeBody(let bytes):
            return Self.hugeBody(bytes)
        case .cutOff:
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(contentLength: 4096) { writer in
                    try await writer.write(ByteBuffer(string: #"{"code": 0, "message": "成功", "data": {"rec"#))
                    throw StandInError(reason: "the stand-in closes the connection in the middle of its answer")
                })
        }
    }

    /// `{"code": 0, "padding": "xxx…"}` of `bytes` bytes, written in 64 KiB pieces.
    private static func hugeBody(_ bytes: Int) -> Response {
        let opening = ByteBuffer(string: #"{"code": 0, "padding": ""#)
        let closing = ByteBuffer(string: #""}"#)
        let padding = max(bytes - opening.readableBytes - closing.readableBytes, 0)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(contentLength: opening.readableBytes + padding + closing.readableBytes) { writer in
                try await writer.write(opening)
                var left = padding
                while left > 0 {
                    let count = min(left, 1 << 16)
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "x"), count: count))
                    left -= count
                }
                try await writer.write(closing)
            })
    }
}
