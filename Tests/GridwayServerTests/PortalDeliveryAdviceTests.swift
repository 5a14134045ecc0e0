import Foundation
import GridwayAdapters
import GridwayCore
import GridwayServer
import GridwayStandIns
import GridwayStore
import Hummingbird
import HummingbirdTesting
import Testing

/// A worker whose report did not reach a system reads in plain words that it is saved, nothing is to be
/// redone and who handles it; an operator reads the technical error instead.
@Suite(.timeLimit(.minutes(3))) struct PortalDeliveryAdviceTests {
    @Test func aFailedAndALateDeliveryAreExplainedToTheWorkerAndDetailedToOperators() async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters,
                configuration: """
                    targets:
                      \(Departments.jsonTarget): {maxAttempts: 1}
                      \(Departments.xmlTarget): {maxAttempts: 5, retryDelay: 1h, maxRetryDelay: 1h}
                    """,
                secrets: Departments.secrets)
            departments.json.control.failAlways(.serverError)
            departments.xml.control.failAlways(.serverError)
            try await gateway.base.portalUser("liximei", role: .staff(unit: "210102001001"))
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.application.test(.router) { client in
                let id = try await gateway.submitVisit(client, idempotencyKey: "held-up")
                try await eventually("one delivery is dead and one waits for a retry") {
                    let states = Dictionary(
                        uniqueKeysWithValues: try await gateway.deliveries(of: id).map { ($0.target, $0.state) })
                    return states[Departments.jsonTarget] == .dead && states[Departments.xmlTarget] == .retrying
                }
                let dead = try #require(
                    try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget })
                let error = try #require(dead.lastError)
                let titles = Dictionary(
                    uniqueKeysWithValues: gateway.services.adapters.adapters.map {
                        ($0.descriptor.id, $0.descriptor.title)
                    })

                let worker = PortalBrowser(client)
                try await worker.signIn(username: "liximei", password: "correct horse battery")
                let page = try await worker.get("/portal/submissions/\(id)")
                let deadTitle = try #require(titles[Departments.jsonTarget])
                let lateTitle = try #require(titles[Departments.xmlTarget])
                #expect(page.body.contains("这份填报已经保存好了，不需要重新填报。发送到\(deadTitle)没有成功，已交给本系统的运维管理员处理"))
                #expect(page.body.contains("这份填报已经保存好了，不需要重新填报。\(lateTitle)暂时没有接收，系统会自动重试。"))
                #expect(!page.body.contains(error), "the worker never reads the technical error")
                let list = try await worker.get("/portal/submissions")
                #expect(list.body.contains("已保存，无需重填"))

                let operatorBrowser = PortalBrowser(client)
                try await operatorBrowser.signIn(username: "operator", password: "correct horse battery")
                let detail = try await operatorBrowser.get("/portal/submissions/\(id)")
                #expect(detail.body.contains(error))
                #expect(!detail.body.contains("不需要重新填报"))
            }
        }
    }
}
