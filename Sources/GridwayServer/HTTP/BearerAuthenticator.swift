import GridwayCore
import GridwayStore
import Hummingbird

/// Requires `Authorization: Bearer <key>` with an active key, and puts its credential on the context.
public struct BearerAuthenticator<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let store: any Store

    /// Creates an authenticator that looks keys up in `store`.
    public init(store: any Store) {
        self.store = store
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("send an API key as Authorization: Bearer <key>")
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Problem.unauthenticated("the Authorization header must use the Bearer scheme")
        }
        let secret = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let credential = try await store.activeCredential(keyHash: APIKey.hash(of: secret)) else {
            throw Problem.unauthenticated("the API key is unknown or revoked")
        }
        var context = context
        context.credential = credential
        context.logger[metadataKey: "credential"] = .string(credential.id)
        return try await next(request, context)
    }
}
