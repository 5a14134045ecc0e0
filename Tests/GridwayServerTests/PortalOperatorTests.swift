import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(3))) struct PortalOperatorTests {
    @Test func tasksShowTheirStateAndTheInboxCountsAndAcknowledges() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let (taskStatus, task) = try await postResult(
                client, gateway, idempotencyKey: "task",
                resultBody(kind: "task", title: "11 月走访", audience: ["units": ["210102001001"]]) {
                    $0["task"] = visitTask(dueAt: "2026-11-20T16:00:00Z")
                })
            #expect(taskStatus == .created)
            let taskID = try #require(task["id"]?.stringValue)
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let overdue = try await browser.get("/portal/tasks")
            #expect(overdue.body.contains("state-overdue"))
            #expect(overdue.body.contains("/portal/forms/elderly-visit@1?period=2026-11"))
            #expect(overdue.body.contains("<span class=\"badge\" id=\"unread-count\" aria-label=\"1 条未读\">1</span>"))

            _ = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "late"),
                body: try visitBody())
            #expect(try await browser.get("/portal/tasks").body.contains("state-late"))

            let inbox = try await browser.get("/portal/inbox")
            #expect(inbox.body.contains("id=\"result-\(taskID)\""))
            #expect(inbox.body.contains("data-stream=\"/portal/inbox/stream\""))
            let acknowledged = try await browser.post("/portal/inbox/\(taskID)/ack", [])
            #expect(acknowledged.status == .seeOther)
            #expect(try await gateway.store.acknowledgements(ofResult: taskID)["210102001001"] != nil)
            let after = try await browser.get("/portal/inbox?unread=1")
            #expect(!after.body.contains("id=\"result-\(taskID)\""))
            #expect(after.body.contains("id=\"unread-count\" hidden"))
            #expect(try await browser.post("/portal/inbox/no-such-result/ack", []).status == .notFound)
        }
    }

    @Test func operatorsManageUsersTargetsAndTheAuditLog() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("operator", role: .admin)
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "operator", password: "correct horse battery")
            #expect(try await browser.get("/portal").location == "/portal/admin/deliveries")
            #expect(try await browser.get("/portal/admin/deliveries?state=dead").status == .ok)

            let refused = try await browser.post(
                "/portal/admin/users",
                [
                    ("username", "Wang Wei"), ("displayName", "王伟"), ("role", "staff"), ("unit", "999"),
                    ("password", "short"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("用户名须为"))
            #expect(refused.body.contains("密码至少 10 位"))
            #expect(refused.body.contains("没有代码为 999 的单位"))
            let created = try await browser.post(
                "/portal/admin/users",
                [
                    ("username", "wangwei"), ("displayName", "王伟"), ("role", "staff"), ("unit", "210102001002"),
                    ("password", "a long enough password"),
                ])
            #expect(created.status == .seeOther)
            let user = try #require(try await gateway.store.portalUser(username: "wangwei"))
            #expect(user.role == .staff(unit: "210102001002"))
            #expect(user.passwordHash.hasPrefix("scrypt$15$"))
            #expect(try await browser.get("/portal/admin/access").body.contains("王伟"))

            let staff = PortalBrowser(client)
            #expect(try await staff.signIn(username: "wangwei", password: "a long enough password").status == .seeOther)
            #expect(try await staff.get("/portal/tasks").status == .ok)
            #expect(try await browser.post("/portal/admin/users/operator/disable", []).status == .conflict)
            #expect(try await browser.post("/portal/admin/users/wangwei/disable", []).status == .seeOther)
            #expect(try await staff.get("/portal/tasks").status == .seeOther, "disabling a user ends their sessions")

            let key = try #require(try await gateway.store.credentials().first { $0.name == "sibling" })
            #expect(try await browser.post("/portal/admin/keys/\(key.id)/revoke", []).status == .seeOther)
            #expect(try await gateway.store.activeCredential(id: key.id) == nil)

            let noUnit = try await browser.post(
                "/portal/admin/keys", [("name", "民政局"), ("role", "upstream"), ("unit", "999"), ("target", "")])
            #expect(noUnit.status == .unprocessableContent)
            let unknownTarget = try await browser.post(
                "/portal/admin/keys",
                [("name", "民政局"), ("role", "upstream"), ("unit", "2101"), ("target", "no-such-target")])
            #expect(unknownTarget.status == .unprocessableContent, "an upstream key must name a configured target")
            let made = try await browser.post(
                "/portal/admin/keys",
                [("name", "中华路社区 网格员"), ("role", "staff"), ("unit", "210102001002"), ("target", "")])
            #expect(made.status == .created)
            let secret = try #require(
                made.body.range(of: "<code class=\"secret\">").map {
                    String(made.body[$0.upperBound...].prefix { $0 != "<" })
                })
            let holder = try #require(try await gateway.store.activeCredential(keyHash: APIKey.hash(of: secret)))
            #expect(holder.role == .staff(unit: "210102001002"))
            #expect(!(try await browser.get("/portal/admin/access").body.contains(secret)), "a key is shown only once")

            #expect(try await browser.post("/portal/admin/targets/no-such-target/pause", []).status == .notFound)
            let audit = try await browser.get("/portal/admin/audit?verify=1")
            #expect(audit.body.contains("哈希链完整"))
            #expect(audit.body.contains("portal.user-created"))
            #expect(audit.body.contains("portal.user-disabled"))
            #expect(audit.body.contains("credential.revoked"))
            #expect(audit.body.contains("credential.created"))
        }
    }
}
