import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// The limits that protect a running server: each refuses what is beyond it, specifically, and
/// leaves everyone else served.
@Suite(.timeLimit(.minutes(3))) struct ServerLimitTests {
    /// The gateway's services with `edit` applied to their limits.
    private func services(_ gateway: TestGateway, _ edit: (inout ServerLimits) -> Void) -> GridwayServices {
        var services = gateway.services
        edit(&services.configuration.limits)
        return services
    }

    private func post(_ client: some TestClientProtocol, _ gateway: TestGateway, _ body: ByteBuffer) async throws
        -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post,
            headers: gateway.headers("community", idempotencyKey: UUID().uuidString),
            body: body
        ) { ($0.status, try $0.json) }
    }

    @Test func jsonBodiesThatNestOrRepeatTooMuchAreRefusedWithTheirPlace() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.maxJSONDepth = 8
                $0.maxJSONElements = 100
            })
        try await app.test(.router) { client in
            var nested: JSONValue = 1
            for _ in 0..<9 { nested = [nested] }
            let (deepStatus, deep) = try await post(client, gateway, try visitBody { $0["notes"] = nested })
            #expect(deepStatus == .badRequest)
            #expect(deep["type"] == "/problems/json-too-complex")
            #expect(deep["detail"]?.stringValue?.contains("nesting deeper than the limit of 8") == true)

            let long = JSONValue.array(Array(repeating: 1, count: 101))
            let (longStatus, tooLong) = try await post(client, gateway, try visitBody { $0["notes"] = long })
            #expect(longStatus == .badRequest)
            #expect(tooLong["detail"]?.stringValue?.contains("array longer than the limit of 100 elements") == true)

            let (status, _) = try await post(client, gateway, try visitBody())
            #expect(status == .accepted, "an ordinary report is within every limit")
        }
    }

    @Test func anOverlongRequestTargetIs414() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway) { $0.maxURLBytes = 256 })
        try await app.test(.router) { client in
            let long = "/v1/submissions?unit=" + String(repeating: "1", count: 300)
            let (status, problem) = try await client.execute(
                uri: long, method: .get, headers: gateway.headers("community")
            ) { ($0.status, try $0.json) }
            #expect(status == .uriTooLong)
            #expect(problem["type"] == "/problems/uri-too-long")
            try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers("community")) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func eachCredentialHasItsOwnRateAndIsToldWhenToRetry() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.credentialRate = 0.01
                $0.credentialBurst = 2
            })
        try await app.test(.router) { client in
            func list(as key: String) async throws -> (HTTPResponse.Status, String?, JSONValue) {
                try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers(key)) {
                    ($0.status, $0.headers[.retryAfter], try $0.json)
                }
            }
            #expect(try await list(as: "community").0 == .ok)
            #expect(try await list(as: "community").0 == .ok)
            let (status, retryAfter, problem) = try await list(as: "community")
            #expect(status == .tooManyRequests)
            #expect(retryAfter.flatMap(Int.init).map { (1...100).contains($0) } == true, "\(retryAfter ?? "none")")
            #expect(problem["type"] == "/problems/rate-limited")
            #expect(try await list(as: "sibling").0 == .ok, "another credential keeps its own rate")
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aPortalSessionSpendsItsCredentialsRateAndGetsAPageSayingWhenToRetry() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.credentialRate = 0.01
                $0.credentialBurst = 3
            })
        try await app.test(.router) { client in
            let browser = PortalBrowser(client)
            #expect(try await browser.signIn(key: gateway.keys["community"] ?? "").status == .seeOther)
            #expect(try await browser.get("/portal/inbox").status == .ok)
            #expect(try await browser.get("/portal/inbox").status == .ok)
            try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers("community")) {
                #expect($0.status == .ok, "the key's API call takes the bucket's last token")
            }
            let refused = try await browser.get("/portal/inbox")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter].flatMap(Int.init) != nil)
            #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true)
            let sibling = PortalBrowser(client)
            #expect(try await sibling.signIn(key: gateway.keys["sibling"] ?? "").status == .seeOther)
            #expect(try await sibling.get("/portal/inbox").status == .ok, "another credential keeps its own rate")
        }
    }

    @Test func anOversizedHeadIsNotServed() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway) { $0.maxHeaderBytes = 1024 })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let big = try RawConnection(port: port)
            try big.send(
                "GET /healthz HTTP/1.1\r\nHost: gridway\r\nX-Padding: \(String(repeating: "a", count: 4096))\r\n\r\n")
            let (text, closed) = await big.readUntilClosed(timeout: .seconds(5))
            #expect(closed)
            #expect(!text.contains("200 OK"))
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func connectionsBeyondTheLimitAreClosedAndTheOthersServed() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway) { $0.maxConnections = 3 })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // The test client keeps one connection open: once it has been answered, it holds one of the three.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            let connections = try (0..<3).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(300))
            var served = 0
            var closedUnanswered = 0
            for connection in connections {
                do {
                    try connection.send("GET /healthz HTTP/1.1\r\nHost: gridway\r\nConnection: close\r\n\r\n")
                } catch {
                    closedUnanswered += 1
                    continue
                }
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(15))
                if text.contains("200 OK") { served += 1 } else if closed && text.isEmpty { closedUnanswered += 1 }
            }
            #expect(served == 2, "the connections within the limit are served")
            #expect(closedUnanswered == 1, "the one beyond it is closed without an answer")
        }
    }

    @Test func aClientTooSlowToSendItsHeadOrBodyIsCutOff() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.requestHeadTimeout = .milliseconds(300)
                $0.requestBodyTimeout = .milliseconds(300)
            })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let slowHead = try RawConnection(port: port)
            try slowHead.send("GET /healthz HTTP/1.1\r\nHost: gridway\r\n")
            let (headText, headClosed) = await slowHead.readUntilClosed(timeout: .seconds(5))
            #expect(headClosed && headText.isEmpty, "a head never finished gets no answer, only a close")

            let slowBody = try RawConnection(port: port)
            try slowBody.send(
                "POST /v1/submissions HTTP/1.1\r\nHost: gridway\r\nAuthorization: Bearer \(gateway.keys["community"] ?? "")\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: slow\r\nContent-Length: 1000\r\n\r\n{\"contract\""
            )
            let (bodyText, bodyClosed) = await slowBody.readUntilClosed(timeout: .seconds(5))
            #expect(bodyClosed)
            #expect(!bodyText.contains("202"))
            #expect(try await gateway.storedCounts().submissions == 0)

            let prompt = try RawConnection(port: port)
            try prompt.send("GET /healthz HTTP/1.1\r\nHost: gridway\r\nConnection: close\r\n\r\n")
            #expect(await prompt.readUntilClosed(timeout: .seconds(5)).text.contains("200 OK"))
        }
    }

    @Test func anIdleConnectionIsClosed() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway) { $0.idleTimeout = .milliseconds(300) })
        try await app.test(.live) { client in
            let idle = try RawConnection(port: try #require(client.port))
            let (text, closed) = await idle.readUntilClosed(timeout: .seconds(5))
            #expect(closed && text.isEmpty)
        }
    }
}
