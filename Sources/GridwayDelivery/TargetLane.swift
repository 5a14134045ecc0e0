import GridwayAdapters
import Synchronization

/// One target's share of the dispatcher: its adapter and settings, and the live state that keeps a
/// struggling upstream from slowing the others (attempts in flight, circuit breaker, rate limiter).
final class TargetLane: Sendable {
    private struct State {
        var inFlight = 0
        var breaker: CircuitBreaker
        var limiter: RateLimiter?
    }

    let id: String
    let adapter: any Adapter
    let settings: TargetSettings
    let transport: any HTTPTransport
    let signer: WebhookSigner?
    private let state: Mutex<State>

    init(_ target: DeliveryTarget) throws(WebhookSecretError) {
        id = target.adapter.descriptor.id
        adapter = target.adapter
        settings = target.settings
        transport = target.transport
        signer = settings.signingSecrets.isEmpty ? nil : try WebhookSigner(secrets: settings.signingSecrets)
        state = Mutex(
            State(
                breaker: CircuitBreaker(
                    failureThreshold: settings.breakerThreshold, openDuration: settings.breakerOpenDuration),
                limiter: settings.ratePerSecond.map { RateLimiter(rate: $0) }))
    }

    /// How many attempts may start now and reserves them; or when the breaker lets one through again.
    func reserveSlots(at now: ContinuousClock.Instant) -> (slots: Int, blockedUntil: ContinuousClock.Instant?) {
        state.withLock { state in
            switch state.breaker.state(at: now) {
            case .open:
                return (0, state.breaker.reopensAt(now: now))
            case .halfOpen:
                guard state.inFlight == 0, state.breaker.admit(at: now) else { return (0, nil) }
                state.inFlight += 1
                return (1, nil)
            case .closed:
                let free = max(0, settings.concurrency - state.inFlight)
                state.inFlight += free
                return (free, nil)
            }
        }
    }

    /// Gives back a slot whose attempt has finished.
    func release() {
        state.withLock { $0.inFlight -= 1 }
    }

    /// Gives back reserved slots no delivery was claimed for; an unused half-open probe with them,
    /// so a breaker that half-opens while nothing is due (every delivery waits out its `Retry-After`)
    /// probes once one falls due instead of never.
    func releaseUnclaimed(_ count: Int) {
        guard count > 0 else { return }
        state.withLock { state in
            state.inFlight -= count
            state.breaker.withdrawProbe()
        }
    }

    /// How long to wait before the next request may go, under the rate limit.
    func waitForRate(at now: ContinuousClock.Instant) -> Duration? {
        state.withLock { state in state.limiter?.acquire(at: now) }
    }

    /// The upstream answered (even with a refusal): it is up.
    func recordSuccess() {
        state.withLock { $0.breaker.recordSuccess() }
    }

    /// The upstream failed or did not answer.
    func recordFailure(at now: ContinuousClock.Instant) {
        state.withLock { $0.breaker.recordFailure(at: now) }
    }

    /// The breaker's state, for metrics.
    func breakerState(at now: ContinuousClock.Instant) -> CircuitBreaker.State {
        state.withLock { $0.breaker.state(at: now) }
    }
}
