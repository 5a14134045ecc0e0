import GridwayCore
import GridwayStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the Gridway HTTP application over `services`; tests call this directly, `gridway serve` runs it.
///
/// `onServerRunning` receives the bound address once the server listens (useful with port 0). With
/// `runsWorkers`, the application also runs ``gatewayWorkers(_:logger:)`` in its own group, after which the
/// server stops first; `gridway serve` passes `false` and runs them in its one `ServiceGroup` instead.
public func buildApplication(
    _ services: GridwayServices, logger: Logger? = nil, runsWorkers: Bool = true,
    onServerRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let logger = serverLogger(logger, services)
    return Application(
        router: buildRouter(services), server: serverBuilder(services),
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port), serverName: "gridway"),
        services: runsWorkers ? gatewayWorkers(services, logger: logger) : [],
        onServerRunning: { channel in await onServerRunning(channel.localAddress) },
        logger: logger)
}

/// The long-lived workers beside the HTTP server, in start order (a group stops them in reverse, after
/// the server): the adapters' transport (when it is a `Service`, so it shuts down last), the polling of
/// ingest adapters, the dispatcher, the subject-key backfill, the task reminders, the deadline watch, the
/// retention job, and the wake-ups from other replicas.
public func gatewayWorkers(_ services: GridwayServices, logger: Logger? = nil) -> [any Service] {
    let logger = serverLogger(logger, services)
    var background: [any Service] = []
    if let transport = services.transport as? any Service { background.append(transport) }
    background.append(IngestPoller(services: services, logger: logger))
    if let dispatcher = services.dispatcher { background.append(dispatcher) }
    background.append(SubjectKeyBackfill(services: services, logger: logger))
    if let lead = services.configuration.reminderLead {
        background.append(
            TaskReminders(
                services: services, lead: lead, interval: services.configuration.reminderInterval, logger: logger))
    }
    if let margin = services.configuration.deadlineMargin {
        background.append(
            DeadlineWatch(
                services: services, margin: margin, interval: services.configuration.reminderInterval, logger: logger))
    }
    if let interval = services.configuration.retentionInterval {
        background.append(RetentionWorker(services: services, interval: interval, logger: logger))
    }
    if let notifier = services.store as? any ChangeNotifier {
        background.append(
            ReplicaWakeUps(notifier: notifier, dispatcher: services.dispatcher, feed: services.resultFeed))
    }
    return background
}

/// `logger`, or the server's own, at the configured level.
private func serverLogger(_ logger: Logger?, _ services: GridwayServices) -> Logger {
    var logger = logger ?? Logger(label: "gridway")
    logger.logLevel = services.configuration.logLevel
    return logger
}

/// HTTP/1.1 with the connection-level limits, over TLS when the services have a server certificate.
private func serverBuilder(_ services: GridwayServices) -> HTTPServerBuilder {
    let http1 = http1Configuration(services.configuration.limits)
    guard let tls = services.serverTLS else { return .http1(configuration: http1) }
    return HTTPServerBuilder { responder in
        try TLSChannel(HTTP1Channel(responder: responder, configuration: http1), tlsConfiguration: tls)
    }
}

/// The HTTP/1.1 channel with the connection-level limits: header sizes (answered with problem+json), open
/// connections in all and per client address, slow clients, idle time.
private func http1Configuration(_ limits: ServerLimits) -> HTTP1Channel.Configuration {
    let connections = ConnectionLimiter(
        maximum: limits.maxConnections, maximumPerAddress: limits.maxConnectionsPerAddress)
    return HTTP1Channel.Configuration(
        additionalChannelHandlers: [
            connections.handler(),
            SlowClientGuard(headTimeout: limits.requestHeadTimeout, bodyTimeout: limits.requestBodyTimeout),
            MalformedHeadResponder(limits: limits),
        ],
        idleTimeout: TimeAmount(limits.idleTimeout),
        httpDecoderConfiguration: .init(
            maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
            maxHeaderFieldCount: limits.maxHeaderFields))
}

/// The router with every route and middleware; exposed for router tests.
public func buildRouter(_ services: GridwayServices) -> Router<GridwayRequestContext> {
    let router = Router(context: GridwayRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: RequestLogger())
    router.add(middleware: URILengthLimit(maxBytes: services.configuration.limits.maxURLBytes))
    // One bucket per credential, whether it calls with its key or through a portal session.
    let rateLimit = services.configuration.limits.credentialRate.map {
        CredentialRateLimit<GridwayRequestContext>(
            rate: $0, burst: services.configuration.limits.credentialBurst, clock: services.clock)
    }
    // The web portal authenticates with its session cookie, so it is mounted before the bearer check.
    PortalController.mount(services, rateLimit: rateLimit, on: router)
    router.add(
        middleware: BearerAuthenticator(
            credentials: CredentialCache(store: services.store, clock: services.clock),
            publicPaths: HealthController<GridwayRequestContext>.paths,
            selfAuthenticatingPrefixes: [IngestController<GridwayRequestContext>.pathPrefix]))
    if let rateLimit { router.add(middleware: rateLimit) }
    HealthController(store: services.store).addRoutes(to: router)
    DocumentationController().addRoutes(to: router)
    let v1 = router.group("v1")
    v1.add(middleware: PrivateResponseHeaders())
    v1.add(middleware: SingleQueryParameters())
    ContractController(catalog: services.catalog, adapters: services.adapters).addRoutes(to: v1)
    SubmissionController(services: services).addRoutes(to: v1)
    AggregateController(services: services).addRoutes(to: v1)
    BurdenController(services: services).addRoutes(to: v1)
    ResultController(services: services).addRoutes(to: v1)
    InboxController(services: services).addRoutes(to: v1)
    DataController(services: services).addRoutes(to: v1)
    PrefillController(services: services).addRoutes(to: v1)
    IngestController(services: services).addRoutes(to: v1)
    AdapterController(services: services).addRoutes(to: v1)
    CatalogOverlapController(catalog: services.catalog).addRoutes(to: v1)
    SubjectRequestController(services: services).addRoutes(to: v1)
    DeliveryController(
        store: services.store, targets: services.targetDescriptors, dispatcher: services.dispatcher,
        metrics: services.deliveryMetrics, burden: BurdenGauges(services: services), clock: services.clock
    ).addRoutes(to: router, v1: v1)
    return router
}
