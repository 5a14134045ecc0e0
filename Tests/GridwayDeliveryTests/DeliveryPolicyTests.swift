import Testing

@testable import GridwayDelivery

/// A deterministic generator for jitter tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

@Suite struct RetryPolicyTests {
    @Test func delaysStayWithinTheExponentialBoundAndTheCap() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maximumDelay: .seconds(60))
        var generator = SeededGenerator(state: 42)
        for attempt in 1...12 {
            let bound = min(Duration.seconds(1) * (1 << (attempt - 1)), .seconds(60))
            for _ in 0..<50 {
                let delay = policy.delay(afterAttempt: attempt, using: &generator)
                #expect(delay >= .zero && delay <= bound, "attempt \(attempt): \(delay) beyond \(bound)")
            }
        }
    }

    @Test func jitterSpreadsRetries() {
        let policy = RetryPolicy(baseDelay: .seconds(8))
        var generator = SeededGenerator(state: 7)
        let delays = Set((0..<20).map { _ in policy.delay(afterAttempt: 3, using: &generator) })
        #expect(delays.count > 15, "full jitter must not make every client retry at once")
    }

    @Test func retryAfterIsAMinimum() {
        let policy = RetryPolicy(baseDelay: .milliseconds(10))
        var generator = SeededGenerator(state: 1)
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(30), using: &generator) == .seconds(30))
    }

    @Test func attemptsAndAgeBoundTheRetries() {
        let policy = RetryPolicy(maximumAttempts: 3, maximumAge: .seconds(60))
        #expect(policy.allowsAnotherAttempt(after: 2, age: .seconds(10)))
        #expect(!policy.allowsAnotherAttempt(after: 3, age: .seconds(10)))
        #expect(!policy.allowsAnotherAttempt(after: 1, age: .seconds(61)))
    }
}

@Suite struct CircuitBreakerTests {
    @Test func opensAfterConsecutiveFailuresThenProbesOnce() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: .seconds(10))
        let start = ContinuousClock.now
        for _ in 0..<2 { breaker.recordFailure(at: start) }
        let admittedBeforeThreshold = breaker.admit(at: start)
        #expect(admittedBeforeThreshold)
        breaker.recordFailure(at: start)
        #expect(breaker.state(at: start) == .open)
        let admittedWhileOpen = breaker.admit(at: start + .seconds(5))
        #expect(!admittedWhileOpen)
        #expect(breaker.reopensAt(now: start + .seconds(5)) == start + .seconds(10))
        let later = start + .seconds(11)
        #expect(breaker.state(at: later) == .halfOpen)
        let probe = breaker.admit(at: later)
        let secondProbe = breaker.admit(at: later)
        #expect(probe, "one probe")
        #expect(!secondProbe, "only one probe at a time")
        breaker.recordFailure(at: later)
        #expect(breaker.state(at: later + .seconds(1)) == .open, "a failed probe opens it again")
        let afterSecondWait = later + .seconds(11)
        let nextProbe = breaker.admit(at: afterSecondWait)
        #expect(nextProbe)
        breaker.recordSuccess()
        #expect(breaker.state(at: afterSecondWait) == .closed)
    }

    @Test func aSuccessResetsTheCount() {
        var breaker = CircuitBreaker(failureThreshold: 2)
        let now = ContinuousClock.now
        breaker.recordFailure(at: now)
        breaker.recordSuccess()
        breaker.recordFailure(at: now)
        #expect(breaker.state(at: now) == .closed)
    }
}

@Suite struct TargetLaneTests {
    @Test func aHalfOpenProbeNothingWasClaimedForIsGivenBack() throws {
        let lane = try TargetLane(
            DeliveryTarget(
                adapter: JSONPostingAdapter(id: "civil"),
                settings: TargetSettings(breakerThreshold: 1, breakerOpenDuration: .seconds(10)),
                transport: ScriptedTransport { _, _ in reply(200) }))
        let start = ContinuousClock.now
        lane.recordFailure(at: start)
        let halfOpen = start + .seconds(11)
        #expect(lane.reserveSlots(at: halfOpen).slots == 1, "the probe")
        // Nothing was due: the delivery that failed waits out its Retry-After.
        lane.releaseUnclaimed(1)
        #expect(lane.reserveSlots(at: halfOpen + .seconds(5)).slots == 1, "the probe goes once a delivery falls due")
        #expect(lane.reserveSlots(at: halfOpen + .seconds(5)).slots == 0, "still one probe at a time")
    }
}

@Suite struct RateLimiterTests {
    @Test func allowsTheBurstThenPacesAtTheRate() {
        var limiter = RateLimiter(rate: 10, burst: 2)
        let start = ContinuousClock.now
        let first = limiter.acquire(at: start)
        let second = limiter.acquire(at: start)
        let third = limiter.acquire(at: start)
        #expect(first == nil && second == nil, "the burst passes at once")
        #expect(third.map { $0 > .milliseconds(90) && $0 <= .milliseconds(100) } == true, "then one per 100 ms")
        let later = limiter.acquire(at: start + .milliseconds(100))
        #expect(later == nil)
    }
}
