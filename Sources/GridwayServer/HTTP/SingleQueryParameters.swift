import Hummingbird

/// Refuses a request that repeats a query parameter (`?limit=5&limit=500`) with 400 problem+json naming
/// it, rather than letting a route silently take the first value.
struct SingleQueryParameters<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var seen: Set<Substring> = []
        for (name, _) in request.uri.queryParameters where !seen.insert(name).inserted {
            throw Problem.invalidQuery(String(name), "given more than once; give it once")
        }
        return try await next(request, context)
    }
}
