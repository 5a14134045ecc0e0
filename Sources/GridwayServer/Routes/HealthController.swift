import GridwayJSON
import GridwayStore
import Hummingbird
import Logging

/// `GET /healthz` (the process answers) and `GET /readyz` (the store answers too); no authentication.
struct HealthController<Context: RequestContext> {
    let store: any Store

    /// The paths served without authentication.
    static var paths: Set<String> { ["/healthz", "/readyz"] }

    func addRoutes(to router: Router<Context>) {
        router.get("healthz") { _, _ in Response.json(["status": "ok"]) }
        router.get("readyz") { _, context in
            do {
                try await store.checkReadiness()
                return Response.json(["status": "ready"])
            } catch {
                context.logger.warning("store not ready", metadata: ["error": "\(error)"])
                return Response.json(["status": "unavailable", "reason": "store"], status: .serviceUnavailable)
            }
        }
    }
}
