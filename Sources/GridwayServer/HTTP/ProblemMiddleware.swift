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
            return try Self.problem(for: error.status, request: request).response(from: request, context: context)
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

    private static func problem(for status: HTTPResponse.Status, request: Request) -> Problem {
        switch status {
        case .notFound: .notFound("no resource at \(request.uri.path)")
        case .contentTooLarge:
            Problem(.contentTooLarge, "body-too-large", title: "Request body too large", detail: "the request body is too large")
        default:
            Problem(status, "http-\(status.code)", title: status.reasonPhrase, detail: status.reasonPhrase)
        }
    }
}
