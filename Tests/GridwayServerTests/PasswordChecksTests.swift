import Foundation
import GridwayServer
import HTTPTypes
import NIOPosix
import Testing

/// Password hashing runs off the request threads, and a flood of sign-ins is refused rather than queued.
@Suite(.timeLimit(.minutes(3))) struct PasswordChecksTests {
    @Test func checksBeyondTheCapacityAreRefusedWithRetryAfterAndTheGateReopens() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let checks = PasswordChecks(capacity: 1, pool: pool)
        // The held check blocks a thread of the password pool, never one of the test's cooperative threads:
        // blocking those (with only two cores) stalls every other test running meanwhile.
        let release = DispatchSemaphore(value: 0)
        let (started, start) = AsyncStream.makeStream(of: Void.self)
        let held = Task {
            try await checks.run {
                start.yield()
                release.wait()
                return "held"
            }
        }
        for await _ in started { break }
        do {
            _ = try await checks.run { "second" }
            Issue.record("a check beyond the capacity ran")
        } catch let problem as Problem {
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.headers[.retryAfter] == "2")
        }
        release.signal()
        #expect(try await held.value == "held")
        #expect(
            try await checks.run { PasswordHasher.verify("wrong", against: "plain") } == false, "the slot is free again"
        )
        try await pool.shutdownGracefully()
    }
}
