import ServiceLifecycle

/// A service whose whole life is one closure: it runs in a `ServiceGroup` beside the services it needs.
struct ClosureService: Service {
    let body: @Sendable () async throws -> Void

    init(_ body: @escaping @Sendable () async throws -> Void) {
        self.body = body
    }

    func run() async throws {
        try await body()
    }
}
