import GRDB
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
        } catch let error as DatabaseError where Self.isStorageUnavailable(error) {
            context.logger.error("storage unavailable", metadata: ["error": "\(error.resultCode)"])
            return try Problem.storageUnavailable().response(from: request, context: context)
        } catch let error as HTTPResponseError {
            return try Problem.httpStatus(error.status, path: request.uri.path).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.internalError().response(from: request, context: context)
        }
    }

    /// Whether the database failed for a reason outside the request that may pass: the disk is full,
    /// an I/O error, or another process held a lock beyond the busy timeout.
    static func isStorageUnavailable(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY].contains(error.resultCode)
    }
}
