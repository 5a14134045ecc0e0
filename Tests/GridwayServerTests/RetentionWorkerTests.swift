import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import Logging
import Prometheus
import Testing

/// The retention job inside `gridway serve`: it erases what is due at its clock's time as it starts,
/// then once every interval, and says so at `/metrics`.
@Suite(.timeLimit(.minutes(2))) struct RetentionWorkerTests {
    @Test func theWorkerErasesWhatIsDueAtStartThenEveryIntervalAndReportsIt() async throws {
        let clock = TestClock(date: try #require(try? Date("2026-12-07T10:00:00Z", strategy: .iso8601)))
        let gateway = try await TestGateway(clock: clock)
        let contract = try #require(gateway.services.catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        let staff = try #require(try await gateway.store.credentials().first { $0.name == "community" })
        var ids: [String: String] = [:]
        for period in ["2023-11", "2023-12", "2026-11"] {
            guard case .object(let data)? = contract.schema["examples"]?[0] else { throw CancellationError() }
            let request = SubmissionRequest(
                contract: contract.ref, unit: "210102001001", period: period, data: .object(data))
            guard
                case .accepted(let stored, _) = try await gateway.store.submit(
                    request, idempotencyKey: period, by: staff)
            else { throw CancellationError() }
            ids[period] = stored.id
        }
        let (november, december) = (try #require(ids["2023-11"]), try #require(ids["2023-12"]))
        let worker = RetentionWorker(
            services: gateway.services, interval: .seconds(24 * 3600), logger: Logger(label: "test"))
        let metrics = gateway.services.deliveryMetrics.registry
        try await withThrowingTaskGroup(of: Void.self) { group async throws in
            group.addTask { try await worker.run() }
            defer { group.cancelAll() }
            await clock.waitForSleepers(1)  // the run at start is over
            #expect(try await gateway.store.submission(id: november)?.request.data["elderName"] == nil)
            #expect(try await gateway.store.submission(id: december)?.erasedAt == nil, "within P3Y until 2026-12-31")
            var text = metrics.emitToString()
            #expect(text.contains(#"gridway_retention_erased_total{contract="elderly-visit@1"} 1"#), "\(text)")
            #expect(text.contains(#"gridway_retention_overdue{contract="elderly-visit@1"} 0"#), "\(text)")
            #expect(
                text.contains(#"gridway_retention_oldest_personal_value_age_seconds{contract="elderly-visit@1"} 0"#),
                "\(text)")
            #expect(
                text.contains(
                    "gridway_retention_last_success_timestamp_seconds \(Int(clock.date.timeIntervalSince1970))"))

            clock.advance(by: .seconds(25 * 24 * 3600))  // 2027-01-01: December 2023 is past retention too
            await clock.waitForSleepers(1)
            #expect(try await gateway.store.submission(id: december)?.erasedAt != nil)
            text = metrics.emitToString()
            #expect(
                text.contains(
                    #"gridway_retention_oldest_personal_value_age_seconds{contract="elderly-visit@1"} \#(25 * 24 * 3600)"#
                ),
                "the 2026-11 report, received 25 days ago, is the oldest held: \(text)")
            #expect(text.contains(#"gridway_retention_erased_total{contract="elderly-visit@1"} 2"#), "\(text)")
            #expect(
                text.contains(
                    "gridway_retention_last_success_timestamp_seconds \(Int(clock.date.timeIntervalSince1970))"))
        }
    }

    @Test func theIntervalIsASettingThatCanBeTurnedOff() throws {
        #expect(GridwayConfiguration().retentionInterval == .seconds(24 * 3600))
        let off = try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_RETENTION_INTERVAL": "off"])
        #expect(off.retentionInterval == nil)
        let hourly = try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_RETENTION_INTERVAL": "1h"])
        #expect(hourly.retentionInterval == .seconds(3600))
    }
}
