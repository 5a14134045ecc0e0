import Foundation
import GridwayCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct TestClockTests {
    @Test func standsStillUntilAdvancedAndKeepsItsDateInStep() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = TestClock(date: start)
        let instant = clock.now
        #expect(clock.now == instant && clock.date == start)
        clock.advance(by: .milliseconds(1500))
        #expect(clock.now - instant == .milliseconds(1500))
        #expect(clock.date == start.addingTimeInterval(1.5))
        #expect(clock.date(after: .seconds(2)) == start.addingTimeInterval(3.5))
    }

    @Test func aSleeperWakesOnlyOnceTheClockReachesItsDeadline() async throws {
        let clock = TestClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(10)) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(9))
        #expect(clock.sleepers == 1, "9 s on, it still sleeps")
        clock.advance(by: .seconds(1))
        try await sleeper.value
        #expect(clock.sleepers == 0)
    }

    @Test func aDeadlineAlreadyPassedReturnsAtOnce() async throws {
        let clock = TestClock()
        try await clock.sleep(until: clock.now)
        #expect(clock.sleepers == 0)
    }

    @Test func cancellingASleeperThrowsAndForgetsIt() async {
        let clock = TestClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        await clock.waitForSleepers(0)
    }
}
