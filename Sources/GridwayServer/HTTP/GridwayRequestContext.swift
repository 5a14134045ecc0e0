import GridwayCore
import Hummingbird

/// A request context that can carry the authenticated caller.
public protocol AuthenticatedRequestContext: RequestContext {
    /// The caller, once ``BearerAuthenticator`` has checked its key.
    var credential: Credential? { get set }
    /// The IP address of the connection's peer (a reverse proxy's, behind one), or `"unknown"`.
    var clientAddress: String { get }
}

/// Gridway's request context.
public struct GridwayRequestContext: AuthenticatedRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var credential: Credential?
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        credential = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension AuthenticatedRequestContext {
    /// The authenticated caller; throws 401 when the route was reached without one.
    func requireCredential() throws -> Credential {
        guard let credential else { throw Problem.unauthenticated("missing credential") }
        return credential
    }
}
