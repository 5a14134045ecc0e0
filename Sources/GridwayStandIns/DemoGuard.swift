import Hummingbird

/// A stand-in that checks credentials before `wrapped` sees a request, as the real system would:
/// a request lacking one is recorded and answered `401` with the reason as text.
///
/// The demo wraps the department stand-ins with the credentials their adapters are configured to
/// send, and with the target's Standard Webhooks secret, so a misconfigured adapter fails there as
/// it would against the real system.
public struct DemoGuard<Wrapped: StandIn>: StandIn {
    /// The stand-in behind the check.
    public let wrapped: Wrapped
    /// Every credential a request must carry, checked in order.
    public let credentials: [DemoCredential]

    /// Guards `wrapped` with `credentials`.
    public init(_ wrapped: Wrapped, requiring credentials: [DemoCredential]) {
        self.wrapped = wrapped
        self.credentials = credentials
    }

    public var control: StandInControl { wrapped.control }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.add(middleware: DemoGuardMiddleware(credentials: credentials))
        wrapped.addRoutes(to: router)
    }
}
