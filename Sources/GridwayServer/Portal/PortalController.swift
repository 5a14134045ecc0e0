import GridwayCore
import Hummingbird

/// Every route of the web portal, under `/portal`.
struct PortalController<Context: AuthenticatedRequestContext> {
    let portal: Portal

    /// Adds the portal to `router`; mount it before the API's bearer authentication, which the portal
    /// replaces with its session cookie. A session's requests count against its credential's
    /// `rateLimit`, the same buckets as its API calls. Without its resources (a damaged installation)
    /// every portal path answers 500 saying which file is missing.
    static func mount(
        _ services: GridwayServices, rateLimit: CredentialRateLimit<Context>?, on router: Router<Context>
    ) {
        do {
            PortalController(portal: try Portal(services: services)).addRoutes(to: router, rateLimit: rateLimit)
        } catch {
            let message = "the web portal cannot start: \(error)"
            router.group("portal").get("**") { _, _ -> Response in
                throw Problem(.internalServerError, .portalUnavailable, title: "Portal unavailable", detail: message)
            }
        }
    }

    /// Adds the portal's routes with their middleware; mount it before the API's bearer authentication.
    func addRoutes(to router: Router<Context>, rateLimit: CredentialRateLimit<Context>?) {
        let group = router.group("portal").add(middleware: PortalMiddleware<Context>(portal: portal))
        if let rateLimit { group.add(middleware: rateLimit) }
        group.get(use: home)
        group.get("static/{name}") { _, context in
            guard let response = portal.assets.response(for: try context.parameters.require("name")) else {
                throw Problem.notFound("no such file")
            }
            return response
        }
        addSignInRoutes(to: group)
        addStaffRoutes(to: group)
        addFormRoutes(to: group)
        addSubmissionRoutes(to: group)
        addAggregateRoutes(to: group)
        addOperationRoutes(to: group)
        addAccessRoutes(to: group)
        // Any other portal path is a portal 404 page (or the sign-in page without a session), not the API's 401.
        group.get("**") { request, context -> Response in
            throw Problem.notFound(PortalVisit(portal, request, context).text["error.notFound"])
        }
    }

    /// `/portal`: the caller's start page.
    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        switch try visit.requireCredential().role {
        case .staff: return PortalVisit.redirect(to: "/portal/tasks")
        case .admin: return PortalVisit.redirect(to: "/portal/admin/deliveries")
        case .upstream:
            throw visit.problem(.forbidden, .portalRole)
        }
    }
}
