import Foundation
import GridwayCore
import GridwayTestSupport
import Testing

/// `gridway burden report`: a unit's subtree, then each child, from the store the server wrote.
@Suite(.timeLimit(.minutes(5))) struct BurdenCommandTests {
    @Test func theReportPrintsTheSubtreeAndEachChild() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try await GatewayProcess.run([
            "keys", "create", "--role", "staff", "--unit", "210102001", "--name", "太原街街道", "--data-directory",
            directory.path,
        ])
        let key = try #require(created.output.split(separator: "\n").last.map(String.init))
        let server = try await GatewayProcess(dataDirectory: directory)
        for (index, unit) in ["210102001001", "210102001001", "210102001002"].enumerated() {
            let reply = try await server.send(
                "POST", "/v1/submissions", key: key, headers: ["Idempotency-Key": "r\(index)"],
                body: try visitReport(unit: unit, minutes: 30))
            #expect(reply.status == 202)
        }
        await server.terminate()

        let report = try await GatewayProcess.run([
            "burden", "report", "--unit", "210102001", "--data-directory", directory.path,
        ])
        #expect(report.status == 0, "\(report.output)")
        let rows = report.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // unit, name, submissions, typed, kept, kept %, delivered, forms replaced (no adapters: nothing delivered).
        #expect(
            rows.contains { $0.starts(with: ["210102001", "太原街街道", "(subtree)", "3", "33", "0", "0.0", "0", "0"]) },
            "\(report.output)")
        #expect(
            rows.contains { $0.starts(with: ["210102001001", "北京街社区", "2", "22", "0", "0.0", "0", "0"]) },
            "\(report.output)")
        #expect(
            rows.contains { $0.starts(with: ["210102001003", "太原南街社区", "0", "0", "0", "-", "0", "0"]) },
            "\(report.output)")

        let unknown = try await GatewayProcess.run([
            "burden", "report", "--unit", "999", "--data-directory", directory.path,
        ])
        #expect(unknown.status != 0)
        let period = try await GatewayProcess.run([
            "burden", "report", "--contract", "elderly-visit@1", "--period", "2026-Q4", "--data-directory",
            directory.path,
        ])
        #expect(period.status != 0, "elderly-visit@1 is monthly")
    }
}
