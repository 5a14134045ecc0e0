import GridwayCore
import Hummingbird
import Synchronization

/// Limits each credential to `rate` requests a second on average, with bursts up to `burst`: a
/// request over the limit gets 429 with `Retry-After`. Runs after authentication; requests without
/// a credential (public paths, keyless webhooks) pass.
struct CredentialRateLimit<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let rate: Double
    let burst: Int
    let clock: any GridwayClock
    private let buckets = Buckets()

    /// Each credential's bucket.
    private final class Buckets: Sendable {
        let byCredential = Mutex<[String: TokenBucket]>([:])
    }

    init(rate: Double, burst: Int, clock: any GridwayClock) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let credential = context.credential else { return try await next(request, context) }
        let now = clock.now
        let wait = buckets.byCredential.withLock { buckets in
            var bucket = buckets[credential.id] ?? TokenBucket(rate: rate, capacity: burst, now: now)
            defer { buckets[credential.id] = bucket }
            return bucket.take(at: now)
        }
        if let wait { throw Problem.rateLimited(retryAfter: wait, rate: rate) }
        return try await next(request, context)
    }
}
