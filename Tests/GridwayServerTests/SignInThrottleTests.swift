import GridwayCore
import Testing

@testable import GridwayServer

@Suite struct SignInThrottleTests {
    @Test func wrongPasswordsHoldBackOnlyTheirAddressWithDoublingHolds() {
        let clock = TestClock()
        var policy = SignInThrottle.Policy()
        policy.accountAllowance = 2
        policy.accountFirstWait = .seconds(10)
        let throttle = SignInThrottle(policy: policy, now: { clock.now })
        throttle.failed(username: "liximei", address: "198.51.100.7")
        #expect(!throttle.isHeldBack(username: "liximei", address: "198.51.100.7"))
        throttle.failed(username: "liximei", address: "198.51.100.7")
        #expect(throttle.isHeldBack(username: "liximei", address: "198.51.100.7"))
        #expect(
            !throttle.isHeldBack(username: "liximei", address: "203.0.113.9"), "from elsewhere the user still signs in")
        #expect(!throttle.isHeldBack(username: "zhangwei", address: "198.51.100.7"), "other users at the address too")
        #expect(throttle.wait(address: "198.51.100.7") == nil, "two failures are far below the address's allowance")

        clock.advance(by: .seconds(10))
        #expect(!throttle.isHeldBack(username: "liximei", address: "198.51.100.7"))
        throttle.failed(username: "liximei", address: "198.51.100.7")
        clock.advance(by: .seconds(19))
        #expect(throttle.isHeldBack(username: "liximei", address: "198.51.100.7"), "the next hold is twice as long")
        clock.advance(by: .seconds(1))
        #expect(!throttle.isHeldBack(username: "liximei", address: "198.51.100.7"))

        throttle.succeeded(username: "liximei", address: "198.51.100.7")
        throttle.failed(username: "liximei", address: "198.51.100.7")
        #expect(!throttle.isHeldBack(username: "liximei", address: "198.51.100.7"), "signing in starts the count again")
    }

    @Test func holdsAreCappedAndForgottenAfterTheLongestWait() {
        let clock = TestClock()
        var policy = SignInThrottle.Policy()
        policy.addressAllowance = 1
        policy.addressFirstWait = .seconds(1)
        policy.maxWait = .seconds(60)
        let throttle = SignInThrottle(policy: policy, now: { clock.now })
        for _ in 0..<200 { throttle.failed(username: nil, address: "198.51.100.7") }
        #expect(
            throttle.wait(address: "198.51.100.7") == .seconds(60),
            "doubling stops at the longest wait, without overflow")
        clock.advance(by: .seconds(60))
        #expect(throttle.wait(address: "198.51.100.7") == nil)
        throttle.failed(username: nil, address: "198.51.100.7")
        #expect(throttle.wait(address: "198.51.100.7") == .seconds(1), "a quiet address starts over")
    }

    @Test func refusalsAreAuditedOncePerIntervalWithTheirCount() {
        let clock = TestClock()
        let throttle = SignInThrottle(now: { clock.now })
        #expect(throttle.refusalsToAudit(address: "198.51.100.7") == 1)
        for _ in 0..<299 { #expect(throttle.refusalsToAudit(address: "198.51.100.7") == nil) }
        #expect(throttle.refusalsToAudit(address: "203.0.113.9") == 1, "each address has its own tally")
        clock.advance(by: .seconds(60))
        #expect(throttle.refusalsToAudit(address: "198.51.100.7") == 300)
        #expect(throttle.refusalsToAudit(address: "198.51.100.7") == nil)
    }

    /// A full table forgets the keys quiet for the longest wait first, and only when none are, all keys:
    /// memory stays bounded whatever a flood of fresh addresses does.
    @Test func aFullTableDropsForgottenKeysFirstThenAll() {
        let start = ContinuousClock.now
        var backoff = FailureBackoff<String>(allowance: 1, firstWait: .seconds(1), maxWait: .seconds(60), capacity: 2)
        backoff.fail("old", at: start)
        backoff.fail("recent", at: start + .seconds(50))
        backoff.fail("new", at: start + .seconds(70))  // full: "old" is forgotten, "recent" kept
        #expect(backoff.wait(for: "recent", at: start + .seconds(50.5)) != nil)
        #expect(backoff.wait(for: "new", at: start + .seconds(70)) != nil)
        backoff.fail("flood", at: start + .seconds(71))  // full of keys none of which is forgotten: all go
        #expect(backoff.wait(for: "new", at: start + .seconds(70.5)) == nil)
        #expect(backoff.wait(for: "flood", at: start + .seconds(71)) != nil)
    }
}
