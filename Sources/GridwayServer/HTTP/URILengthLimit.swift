import Hummingbird

/// Refuses a request whose target (path and query) is longer than `maxBytes` with 414.
struct URILengthLimit<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let length = request.uri.description.utf8.count
        guard length <= maxBytes else { throw Problem.uriTooLong(length: length, limit: maxBytes) }
        return try await next(request, context)
    }
}
