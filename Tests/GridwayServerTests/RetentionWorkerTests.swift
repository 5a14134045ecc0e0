import Foundation
import GridwayCore
import GridwayServer
import Logging
import Testing

/// The retention job inside `gridway serve`: it erases what is due at its clock's time as it starts.
@Suite(.timeLimit(.minutes(2))) struct RetentionWorkerTests {
    @Test func theWorkerErasesReportsPastTheirRetentionAndKeepsTheRest() async throws {
        let gateway = try await TestGateway()
        let contract = try #require(gateway.services.catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        let staff = try #require(try await gateway.store.credentials().first { $0.name == "community" })
        var ids: [String: String] = [:]
        for period in ["2023-11", "2023-12"] {
            guard case .object(let data)? = contract.schema["examples"]?[0] else { throw CancellationError() }
            let request = SubmissionRequest(
                contract: contract.ref, unit: "210102001001", period: period, data: .object(data))
            guard case .accepted(let stored, _) = try await gateway.store.submit(request, idempotencyKey: period, by: staff)
            else { throw CancellationError() }
            ids[period] = stored.id
        }
        let now = try #require(try? Date("2026-12-07T10:00:00Z", strategy: .iso8601))
        let worker = RetentionWorker(
            services: gateway.services, interval: .seconds(3600), now: { now }, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            defer { group.cancelAll() }
            let expired = try #require(ids["2023-11"])
            while try await gateway.store.submission(id: expired)?.erasedAt == nil {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(try await gateway.store.submission(id: try #require(ids["2023-11"]))?.request.data["elderName"] == nil)
        #expect(try await gateway.store.submission(id: try #require(ids["2023-12"]))?.erasedAt == nil)
    }

    @Test func theIntervalIsASettingThatCanBeTurnedOff() throws {
        #expect(GridwayConfiguration().retentionInterval == .seconds(24 * 3600))
        let off = try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_RETENTION_INTERVAL": "off"])
        #expect(off.retentionInterval == nil)
        let hourly = try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_RETENTION_INTERVAL": "1h"])
        #expect(hourly.retentionInterval == .seconds(3600))
    }
}
