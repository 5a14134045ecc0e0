import Foundation
import GridwayCore
import GridwayStore
import Hummingbird
import Logging

/// Requires `Authorization: Bearer <key>` with an active key on every path but the public ones,
/// and puts the caller's credential on the context.
///
/// Paths one segment below a `selfAuthenticatingPrefixes` entry may come without an `Authorization` header: their route
/// authenticates such requests by other means (an ingest adapter's webhook signature) and must refuse
/// them when it cannot. A key sent there is checked as anywhere else.
struct BearerAuthenticator<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let credentials: CredentialCache
    let publicPaths: Set<String>
    var selfAuthenticatingPrefixes: [String] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        let path = request.uri.path
        if request.headers[.authorization] == nil,
            selfAuthenticatingPrefixes.contains(where: { path.hasPrefix($0) && !path.dropFirst($0.count).contains("/") }
            )
        {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("send an API key as Authorization: Bearer <key>")
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Problem.unauthenticated("the Authorization header must use the Bearer scheme")
        }
        let secret = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let credential = try await credentials.credential(forKey: secret) else {
            throw Problem.unauthenticated("the API key is unknown or revoked")
        }
        var context = context
        context.credential = credential
        context.logger[metadataKey: "credential"] = .string(credential.id)
        return try await next(request, context)
    }
}
