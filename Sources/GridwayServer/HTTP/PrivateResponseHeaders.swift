import Hummingbird

/// Marks every `/v1` reply as private: `Cache-Control: no-store`, since reports, prefills and inboxes
/// carry personal data no browser, proxy or CDN may keep (it replaces a stream's `no-cache`), and
/// `X-Content-Type-Options: nosniff`, so no client reads a JSON reply as anything else.
struct PrivateResponseHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
