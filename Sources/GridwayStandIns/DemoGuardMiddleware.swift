import GridwayAdapters
import Hummingbird

/// Refuses a request that lacks one of ``credentials`` with `401`, or answers it itself (a token
/// endpoint); passes the others on.
struct DemoGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: [DemoCredential]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var request = request
        let body = try await request.collectBody(upTo: StandInMiddleware<Context>.bodyLimit)
        let received = ReceivedRequest(
            method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
            headers: request.headers.map { HTTPHeader($0.name.canonicalName, $0.value) },
            body: Array(body.readableBytesView))
        for credential in credentials {
            switch credential.check(received) {
            case .passed: continue
            case .refused(let reason): return .text("401 unauthorized: \(reason)", status: .unauthorized)
            case .answered(let answer): return .jsonValue(answer)
            }
        }
        return try await next(request, context)
    }
}
