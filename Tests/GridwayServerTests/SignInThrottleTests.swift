import GridwayServer
import Testing

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
        #expect(!throttle.isHeldBack(username: "liximei", address: "203.0.113.9"), "from elsewhere the user still signs in")
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
        #expect(throttle.wait(address: "198.51.100.7") == .seconds(60), "doubling stops at the longest wait, without overflow")
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
}
