import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import Synchronization
import Testing

/// SIGTERM while twelve clients submit as fast as they can: the real `gridway serve` answers what it
/// is processing, exits 0, and every submission it acknowledged is in the store; nothing sent after
/// the shutdown began is acknowledged and then lost.
@Suite(.timeLimit(.minutes(5)), .serialized) struct FaultShutdownTests {
    /// What the clients saw: each acknowledged submission, other statuses, and failed requests.
    struct Outcomes {
        var acknowledged: Set<String> = []
        var statuses: [Int: Int] = [:]
        var failures = 0
        var answeredAfterSignal = 0
        /// When SIGTERM was sent, once it was.
        var signalled: ContinuousClock.Instant?
    }

    /// The clients' shared ``Outcomes``.
    final class Record: Sendable {
        let state = Mutex(Outcomes())
    }

    @Test func sigtermUnderLoadFinishesWhatIsInFlightAndLosesNothingAcknowledged() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(server.adminKey)
        let record = Record()

        let clients = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<12 {
                    group.addTask {
                        var sent = 0
                        while true {
                            sent += 1
                            let started = ContinuousClock.now
                            let reply: (status: Int, body: JSONValue)
                            do {
                                reply = try await server.send(
                                    "POST", "/v1/submissions", key: admin,
                                    headers: ["Idempotency-Key": "term-\(client)-\(sent)"],
                                    body: try visitReport(minutes: sent))
                            } catch {
                                let signal = record.state.withLock { outcomes in
                                    outcomes.failures += 1
                                    return outcomes.signalled
                                }
                                if signal != nil { return }
                                continue
                            }
                            let signal = record.state.withLock { outcomes in
                                outcomes.statuses[reply.status, default: 0] += 1
                                if reply.status == 202, let id = reply.body["id"]?.stringValue {
                                    outcomes.acknowledged.insert(id)
                                }
                                if let signal = outcomes.signalled, started < signal {
                                    outcomes.answeredAfterSignal += 1
                                }
                                return outcomes.signalled
                            }
                            if signal != nil, reply.status != 202 { return }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while record.state.withLock({ $0.acknowledged.count }) < 40, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        record.state.withLock { $0.signalled = .now }
        await server.terminate()
        try await clients.value

        let seen = record.state.withLock { $0 }
        #expect(server.exitStatus == 0, "a graceful shutdown exits 0")
        #expect(seen.answeredAfterSignal > 0, "requests in flight at the signal were answered")
        #expect(Set(seen.statuses.keys).isSubset(of: [202, 503]), "\(seen.statuses)")
        let stored = try await DatabaseQueue(path: directory.appendingPathComponent("gridway.sqlite").path).read { db in
            try Set(String.fetchAll(db, sql: "SELECT id FROM submission"))
        }
        #expect(seen.acknowledged.count >= 40)
        let lost = seen.acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.sorted())")
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
