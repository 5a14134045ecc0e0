import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Requests that are not well-formed HTTP, or too large to read, get a specific problem+json answer:
/// never an empty 400, never a 500.
@Suite(.timeLimit(.minutes(3))) struct MalformedRequestTests {
    /// One response as read off a raw connection: its status code, header fields and body.
    private struct RawResponse {
        var status: Int
        var headers: [String: String]
        var body: JSONValue

        init(_ text: String) throws {
            let (head, body) = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
            let lines = head.split(separator: "\r\n")
            status = try #require(lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) })
            headers = Dictionary(
                lines.dropFirst().compactMap { line in
                    line.firstIndex(of: ":").map {
                        (line[..<$0].lowercased(), line[line.index(after: $0)...].trimmingCharacters(in: .whitespaces))
                    }
                }, uniquingKeysWith: { first, _ in first })
            // Only this response's body: nothing after it may be mistaken for part of it.
            let length = try #require(headers["content-length"].flatMap { Int($0) })
            self.body = try JSONValue(parsing: Array(body.utf8.prefix(length)))
        }
    }

    /// The gateway's services with `edit` applied to their limits.
    private func services(_ gateway: TestGateway, _ edit: (inout ServerLimits) -> Void = { _ in }) -> GridwayServices {
        var services = gateway.services
        edit(&services.configuration.limits)
        return services
    }

    /// Sends `request` on a fresh connection and reads the answer until the server closes it.
    private func answer(to request: String, port: Int) async throws -> RawResponse {
        let connection = try RawConnection(port: port)
        try connection.send(request)
        let (text, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        #expect(closed, "the connection is closed after the answer")
        let statusLines = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/1.1 ") }
        #expect(statusLines.count == 1, "exactly one response: \(text)")
        return try RawResponse(text)
    }

    private func expectProblem(_ response: RawResponse, status: Int, type: String) {
        #expect(response.status == status)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(response.body["type"] == .string(type))
        #expect(response.body["status"] == .integer(Int64(status)))
    }

    @Test(.timeLimit(.minutes(2)))
    func anOversizedOrCrowdedHeadIs431() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.maxHeaderBytes = 1024
                $0.maxHeaderFields = 10
            })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let large = try await answer(
                to:
                    "GET /healthz HTTP/1.1\r\nHost: gridway\r\nX-Padding: \(String(repeating: "a", count: 4096))\r\n\r\n",
                port: port)
            expectProblem(large, status: 431, type: "/problems/headers-too-large")
            #expect(large.body["maxHeaderBytes"] == 1024)

            let fields = (0..<20).map { "X-Field-\($0): \($0)\r\n" }.joined()
            let crowded = try await answer(to: "GET /healthz HTTP/1.1\r\nHost: gridway\r\n\(fields)\r\n", port: port)
            expectProblem(crowded, status: 431, type: "/problems/headers-too-large")
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aTargetTooLongForTheDecoderIs414() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(
            services(gateway) {
                $0.maxHeaderBytes = 1024
                $0.maxURLBytes = 256
            })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let target = "/v1/submissions?unit=" + String(repeating: "1", count: 4096)
            let response = try await answer(to: "GET \(target) HTTP/1.1\r\nHost: gridway\r\n\r\n", port: port)
            expectProblem(response, status: 414, type: "/problems/uri-too-long")
            #expect(response.body["limit"] == 256)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func badBytesInAHeaderAre400() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let badName = try await answer(
                to: "GET /healthz HTTP/1.1\r\nHost: gridway\r\nBad Name: x\r\n\r\n", port: port)
            expectProblem(badName, status: 400, type: "/problems/malformed-request")
            let controlByte = try await answer(
                to: "GET /healthz HTTP/1.1\r\nHost: gridway\r\nX-Note: a\u{01}b\r\n\r\n", port: port)
            expectProblem(controlByte, status: 400, type: "/problems/malformed-request")
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aMalformedChunkedBodyIs400AndStoresNothing() async throws {
        let gateway = try await TestGateway()
        let app = buildApplication(services(gateway))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let response = try await answer(
                to:
                    "POST /v1/submissions HTTP/1.1\r\nHost: gridway\r\nAuthorization: Bearer \(gateway.keys["community"] ?? "")\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"con\r\nzz\r\ntract\r\n0\r\n\r\n",
                port: port)
            expectProblem(response, status: 400, type: "/problems/malformed-request")
            #expect(try await gateway.storedCounts().submissions == 0)
        }
    }

    @Test func aPortalFormOverTheBodyLimitIs413() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let page = try await browser.post(
                "/portal/forms/elderly-visit@1", [("notes", String(repeating: "a", count: (1 << 20) + 1))])
            #expect(page.status == .contentTooLarge)
            #expect(page.body.contains("提交的内容太大"), "the worker reads the problem in Chinese")
            #expect(!page.body.contains("Request body too large"))
            #expect(try await gateway.storedCounts().submissions == 0)
        }
    }
}

extension Array {
    /// The first two elements, when there are exactly two.
    fileprivate var pairs: (Element, Element)? { count == 2 ? (self[0], self[1]) : nil }
}
