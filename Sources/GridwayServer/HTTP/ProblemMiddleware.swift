import GridwayStore
import Hummingbird
import Logging

/// Turns every error into an RFC 9457 problem+json response, and never leaks internals.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch StoreError.unavailable(let retryAfter, let cause) {
            context.logger.error("storage unavailable", metadata: ["error": "\(cause)"])
            let seconds = Int(retryAfter.components.seconds)
            return try Problem.storageUnavailable(retryAfter: seconds).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Problem.httpStatus(error.status, path: request.uri.path).response(
                from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.internalError().response(from: request, context: context)
        }
    }
}
