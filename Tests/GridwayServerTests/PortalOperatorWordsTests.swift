import Foundation
import GridwayCore
import GridwaySQLite
import GridwayServer
import GridwayStandIns
import GridwayStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Operator pages speak Chinese too: the audit log names actions and people, adapters their capabilities,
/// each action is confirmed, and the new-user form keeps what was typed and states the username rule.
@Suite(.timeLimit(.minutes(3))) struct PortalOperatorWordsTests {
    @Test func theAuditLogNamesActionsAndPeopleInChinese() async throws {
        let gateway = try await TestGateway()
        let admin = try #require(
            try await gateway.store.createPortalUser(
                username: "wangqiang", displayName: "王强", role: .admin,
                passwordHash: try PasswordHasher(logCost: 10, blockSize: 8, parallelism: 1).hash(
                    "correct horse battery"), by: "cli"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "wangqiang", password: "correct horse battery")
            let page = try await browser.get("/portal/admin/audit")
            #expect(page.body.contains("登录门户<br><code class=\"meta\">portal.signed-in</code>"))
            #expect(page.body.contains("创建门户用户"))
            #expect(page.body.contains("王强（wangqiang）<br><code class=\"meta\">\(admin.id)</code>"))
            #expect(page.body.contains("命令行<br><code class=\"meta\">cli</code>"))
            let access = try await browser.get("/portal/admin/access")
            #expect(access.body.contains("<th scope=\"col\">密钥编号</th>"))
            #expect(!access.body.contains("<th scope=\"col\">ID</th>"))
        }
    }

    @Test func userCreationAndKeyRevocationAreConfirmedAndAFailedFormKeepsItsValues() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("operator", role: .admin)
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "operator", password: "correct horse battery")
            let empty = try await browser.get("/portal/admin/access")
            #expect(
                empty.body.contains(
                    "<p class=\"hint\" id=\"u-username-hint\">登录用的名字：3–32 位小写字母、数字或 . _ -，例如 liximei。</p>"))
            #expect(!empty.body.contains("id=\"confirmation\""))

            let refused = try await browser.post(
                "/portal/admin/users",
                [
                    ("username", "Wang Wei"), ("displayName", "王伟"), ("role", "admin"), ("unit", "210102001002"),
                    ("password", "short"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.body.contains(
                    "name=\"username\" required pattern=\"[a-z0-9._\\-]{3,32}\" autocomplete=\"off\" aria-describedby=\"u-username-hint\" value=\"Wang Wei\""
                ))
            #expect(refused.body.contains("name=\"displayName\" required value=\"王伟\""))
            #expect(refused.body.contains("<option value=\"admin\" selected>"))
            #expect(refused.body.contains("value=\"210102001002\""))
            #expect(!refused.body.contains("value=\"short\""), "a password is never sent back")

            let created = try await browser.post(
                "/portal/admin/users",
                [
                    ("username", "wangwei"), ("displayName", "王伟"), ("role", "staff"), ("unit", "210102001002"),
                    ("password", "a long enough password"),
                ])
            #expect(created.location == "/portal/admin/access?done=user-created#users")
            #expect(
                try await browser.get("/portal/admin/access?done=user-created").body.contains("已创建用户。请把用户名和初始密码当面交给本人。")
            )

            let key = try #require(try await gateway.store.credentials().first { $0.name == "sibling" })
            let revoked = try await browser.post("/portal/admin/keys/\(key.id)/revoke", [])
            #expect(revoked.location == "/portal/admin/access?done=key-revoked#keys")
            #expect(try await browser.get("/portal/admin/access?done=key-revoked").body.contains("已吊销密钥，使用它的系统已无法访问。"))
            #expect(
                !(try await browser.get("/portal/admin/access?done=%3Cb%3E").body.contains("id=\"confirmation\"")),
                "an unknown code shows nothing")
        }
    }

    @Test func aReplayIsConfirmedAndAdapterCapabilitiesAreLabelled() async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters,
                configuration: "targets:\n  \(Departments.jsonTarget): {maxAttempts: 1}\n",
                secrets: Departments.secrets)
            departments.json.control.failAlways(.serverError)
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.application.test(.router) { client in
                let id = try await gateway.submitVisit(client, idempotencyKey: "dies")
                try await eventually("the delivery to 民政局 is dead") {
                    try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }?.state == .dead
                }
                let dead = try #require(
                    try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget })
                departments.json.control.reset()
                let browser = PortalBrowser(client)
                try await browser.signIn(username: "operator", password: "correct horse battery")
                try await browser.get("/portal/admin/deliveries")
                let replayed = try await browser.post("/portal/admin/deliveries/\(dead.id)/replay", [])
                #expect(replayed.location == "/portal/admin/deliveries?done=replayed")
                #expect(try await browser.get("/portal/admin/deliveries?done=replayed").body.contains("已重新排队，稍后会自动投递"))
                let paused = try await browser.post("/portal/admin/targets/\(Departments.xmlTarget)/pause", [])
                #expect(paused.location == "/portal/admin/targets?done=target-pause#target-\(Departments.xmlTarget)")
                #expect(try await browser.get("/portal/admin/targets?done=target-pause").body.contains("已暂停向此系统投递"))

                let adapters = try await browser.get("/portal/admin/adapters")
                #expect(adapters.body.contains("<li>报送：把填报发到该系统</li>"))
                #expect(!adapters.body.contains(">deliver<") && !adapters.body.contains("deliver, "))
            }
        }
    }
}
