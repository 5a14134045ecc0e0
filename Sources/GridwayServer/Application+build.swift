import GridwayCore
import GridwayStore
import Hummingbird
import Logging
import NIOCore

/// Builds the Gridway HTTP application over `services`; tests call this directly, `gridway serve` runs it.
///
/// `onServerRunning` receives the bound address once the server listens (useful with port 0).
public func buildApplication(
    _ services: GridwayServices, logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "gridway")
    logger.logLevel = services.configuration.logLevel
    let router = buildRouter(services)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port), serverName: "gridway"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress) },
        logger: logger)
}

/// The router with every route and middleware; exposed for router tests.
public func buildRouter(_ services: GridwayServices) -> Router<GridwayRequestContext> {
    let router = Router(context: GridwayRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: RequestLogger())
    router.add(
        middleware: BearerAuthenticator(
            credentials: CredentialCache(store: services.store), publicPaths: HealthController<GridwayRequestContext>.paths))
    HealthController(store: services.store).addRoutes(to: router)
    DocumentationController().addRoutes(to: router)
    let v1 = router.group("v1")
    ContractController(catalog: services.catalog).addRoutes(to: v1)
    SubmissionController(services: services).addRoutes(to: v1)
    return router
}
