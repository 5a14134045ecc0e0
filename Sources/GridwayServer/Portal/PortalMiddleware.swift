import GridwayCore
import HTTPTypes
import Hummingbird
import Logging

/// Runs in front of every portal route: puts the session's credential on the context, sends visitors
/// without a session to the sign-in page, renders errors as HTML pages, and sets the security headers.
struct PortalMiddleware<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let portal: Portal

    /// Paths reachable without a session.
    static func isPublic(_ path: String) -> Bool {
        path == "/portal/sign-in" || path.hasPrefix("/portal/static/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.credential = nil
        if let token = request.cookies[Portal.sessionCookie]?.value, !token.isEmpty {
            context.credential = try await portal.credential(forSessionToken: token)
        }
        var response: Response
        do {
            if context.credential == nil && !Self.isPublic(request.uri.path) {
                // Any request without a session, a form post included, goes to the sign-in page.
                response = PortalVisit.redirect(to: "/portal/sign-in")
            } else {
                response = try await next(request, context)
            }
        } catch let problem as Problem {
            response = PortalVisit(portal: portal, request: request, credential: context.credential).errorPage(problem)
        } catch let error as HTTPError {
            response = PortalVisit(portal: portal, request: request, credential: context.credential)
                .errorPage(Problem.httpStatus(error.status, path: request.uri.path))
        } catch {
            context.logger.error(
                "portal request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = PortalVisit(portal: portal, request: request, credential: context.credential)
                .errorPage(Problem.internalError())
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`.
    static let referrerPolicy = Self("Referrer-Policy")!
    /// `X-Frame-Options`.
    static let xFrameOptions = Self("X-Frame-Options")!
}
