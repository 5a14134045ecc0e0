import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(3))) struct PortalSignInTests {
    @Test func pagesWithoutASessionSendToSignIn() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            let page = try await browser.get("/portal/tasks")
            #expect(page.status == .seeOther)
            #expect(page.location == "/portal/sign-in")
            let post = try await browser.post("/portal/inbox/x/ack", [], csrf: "")
            #expect(post.status == .seeOther)
            #expect(post.location == "/portal/sign-in")
            let signIn = try await browser.get("/portal/sign-in")
            #expect(signIn.status == .ok)
            #expect(signIn.body.contains("<html lang=\"zh-CN\">"))
            #expect(signIn.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
        }
    }

    @Test func passwordSignInSetsAStrictHttpOnlySessionStoredOnlyAsAHash() async throws {
        let gateway = try await TestGateway()
        let user = try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            let page = try await browser.signIn(username: "liximei", password: "correct horse battery")
            #expect(page.status == .seeOther)
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("gw_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/portal"))
            #expect(!cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back")
            let token = try #require(browser.cookies["gw_session"])
            #expect(try await gateway.store.portalSession(tokenHash: APIKey.hash(of: token), at: Date()) != nil)
            #expect(try await gateway.store.portalSession(tokenHash: token, at: Date()) == nil)
            let tasks = try await browser.get("/portal/tasks")
            #expect(tasks.status == .ok)
            #expect(tasks.body.contains("北京街社区"))
            let audit = try await gateway.store.auditEntries(from: 1, limit: 100)
            #expect(audit.contains { $0.action == "portal.signed-in" && $0.actor == user.id })

            try await browser.post("/portal/sign-out", [])
            #expect(try await gateway.store.portalSession(tokenHash: APIKey.hash(of: token), at: Date()) == nil)
            #expect(try await browser.get("/portal/tasks").status == .seeOther)
        }
    }

    @Test func behindTLSTheSessionCookieIsSecure() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            browser.extraHeaders[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            let page = try await browser.signIn(username: "liximei", password: "correct horse battery")
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("gw_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    /// Wrong passwords hold the name back for this client address only, and a held-back name is answered
    /// exactly like an unknown one; the hold ends by itself and doubles while the failures go on.
    @Test func wrongPasswordsHoldTheNameBackAnsweredLikeAnUnknownName() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        let clock = TestClock()
        var services = gateway.services
        services.signInThrottle = SignInThrottle(now: { clock.now })
        try await buildApplication(services).test(.router) { client in
            let browser = PortalBrowser(client)
            for _ in 0..<5 {
                #expect(
                    try await browser.signIn(username: "liximei", password: "wrong password!").status == .unauthorized)
            }
            let heldBack = try await browser.signIn(username: "liximei", password: "correct horse battery")
            let unknown = try await browser.signIn(username: "nobodyxy", password: "correct horse battery")
            #expect(heldBack.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(heldBack.body.replacingOccurrences(of: "liximei", with: "nobodyxy") == unknown.body)
            #expect(browser.cookies["gw_session"] == nil)

            clock.advance(by: .seconds(119))
            #expect(
                try await browser.signIn(username: "liximei", password: "correct horse battery").status
                    == .unauthorized,
                "the attempt while held back doubled the hold to two minutes")
            clock.advance(by: .seconds(241))
            #expect(
                try await browser.signIn(username: "liximei", password: "correct horse battery").status == .seeOther)
        }
    }

    /// A flood of refused sign-ins from one address is answered 429 once over the allowance, and audited
    /// as one entry per interval that counts the refusals, not one entry each.
    @Test func aFloodOfRefusedSignInsIsThrottledAndAuditedAsACount() async throws {
        let gateway = try await TestGateway()
        let clock = TestClock()
        var policy = SignInThrottle.Policy()
        policy.addressAllowance = 3
        var services = gateway.services
        services.signInThrottle = SignInThrottle(policy: policy, now: { clock.now })
        try await buildApplication(services).test(.router) { client in
            let browser = PortalBrowser(client)
            var statuses: [HTTPResponse.Status] = []
            for attempt in 0..<10 {
                let page = try await browser.signIn(username: "guess\(attempt)", password: "whatever you like")
                statuses.append(page.status)
                if page.status == .tooManyRequests { #expect(page.headers[.retryAfter] == "1") }
            }
            #expect(
                statuses == Array(repeating: .unauthorized, count: 3) + Array(repeating: .tooManyRequests, count: 7))
            #expect(
                try await browser.signIn(key: "gw_not-a-key").status == .tooManyRequests, "keys are throttled alike")
            var refusals = try await gateway.store.auditEntries(from: 1, limit: 100).filter {
                $0.action == "portal.sign-in-refused"
            }
            #expect(refusals.count == 1)
            #expect(refusals.first?.detail["refusals"] == 1)

            clock.advance(by: .seconds(60))
            #expect(try await browser.signIn(username: "guess", password: "whatever you like").status == .unauthorized)
            refusals = try await gateway.store.auditEntries(from: 1, limit: 100).filter {
                $0.action == "portal.sign-in-refused"
            }
            #expect(refusals.count == 2)
            #expect(refusals.last?.detail["refusals"] == 11, "the ten refusals only counted, and this one")
        }
    }

    @Test func unknownUsersAndKeysAreRefusedAlike() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            let unknown = try await browser.signIn(username: "nobody", password: "whatever you like")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.contains("用户名或密码不正确"))
            #expect(try await browser.signIn(key: "gw_not-a-key").status == .unauthorized)
            #expect(try await browser.signIn(key: gateway.keys["upstream"] ?? "").status == .unauthorized)
            let staff = try await browser.signIn(key: gateway.keys["community"] ?? "")
            #expect(staff.status == .seeOther)
            #expect(try await browser.get("/portal").location == "/portal/tasks")
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefused() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.get("/portal/sign-in")
            let noToken = try await browser.post(
                "/portal/sign-in", [("username", "liximei"), ("password", "correct horse battery")], csrf: "")
            #expect(noToken.status == .forbidden)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let before = try await gateway.storedCounts()
            for token in ["", "forged-token"] {
                let page = try await browser.post(
                    "/portal/forms/elderly-visit@1",
                    [("_unit", "210102001001"), ("_period", "2026-11"), ("_idempotency", "k1")],
                    csrf: token)
                #expect(page.status == .forbidden)
                #expect(page.body.contains("表单已失效"))
            }
            #expect(try await gateway.storedCounts() == before)
        }
    }

    @Test func englishOnRequestAndRemembered() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            let english = try await browser.get("/portal/sign-in?lang=en")
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.body.contains("Sign in"))
            #expect(try await browser.get("/portal/sign-in").body.contains("Username"))
        }
    }

    @Test func bothLanguageCatalogsHaveTheSameKeys() throws {
        let folder = TestGateway.repositoryRoot.appendingPathComponent("Sources/GridwayServer/Resources/portal/strings")
        let zh = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: folder.appendingPathComponent("zh.json")))
        let en = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: folder.appendingPathComponent("en.json")))
        #expect(Set(zh.keys) == Set(en.keys))
        #expect(zh.count > 200)
    }

    @Test func passwordHashesAreSaltedScryptAndVerifyOnlyTheirPassword() throws {
        let standard = try PasswordHasher.standard.hash("correct horse battery")
        #expect(standard.hasPrefix("scrypt$15$8$3$"))
        #expect(PasswordHasher.verify("correct horse battery", against: standard))
        // The rest with a cheaper work factor: a debug build runs scrypt slowly.
        let cheap = PasswordHasher(logCost: 10, blockSize: 8, parallelism: 1)
        let hash = try cheap.hash("correct horse battery")
        #expect(try cheap.hash("correct horse battery") != hash, "every hash has its own salt")
        #expect(PasswordHasher.verify("correct horse battery", against: hash))
        #expect(!PasswordHasher.verify("correct horse batterY", against: hash))
        #expect(!PasswordHasher.verify("correct horse battery", against: "scrypt$99$8$3$AA==$AA=="))
        #expect(!PasswordHasher.verify("correct horse battery", against: "plain"))
    }
}
