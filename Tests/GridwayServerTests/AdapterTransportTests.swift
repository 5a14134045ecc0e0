import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import OrderedCollections
import Testing

/// `AsyncHTTPTransport` against stand-ins on 127.0.0.1: answers, timeouts, refused connections, the body cap, shutdown.
/// Timeouts are generous wherever the test is not about one: the whole suite loads a small machine.
@Suite(.timeLimit(.minutes(3))) struct AdapterTransportTests {
    @Test func aRequestAndItsAnswerCrossTheWireIntact() async throws {
        try await withStandIn(JSONDepartment(records: [VisitRecords.wang])) { department in
            let body = Array(#"{"姓名": "王桂兰"}"#.utf8)
            let response = try await AsyncHTTPTransport.shared.send(
                OutboundRequest(
                    method: "POST", url: department.baseURL + "/api/v1/reports?batch=7",
                    headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Token", "t")], body: body),
                timeout: .seconds(60))
            #expect(response.status == 200)
            #expect(response.header("content-type")?.hasPrefix("application/json") == true)
            #expect(try JSONValue(parsing: response.body)["data"]?["receiptNo"] == "MZ000001")
            let received = try #require(department.control.requests.first)
            #expect(received.method == "POST")
            #expect(received.path == "/api/v1/reports")
            #expect(received.rawQuery == "batch=7")
            #expect(received.header("X-Token") == "t")
            #expect(received.body == body)

            let fetched = try await AsyncHTTPTransport.shared.send(
                OutboundRequest(method: "GET", url: department.baseURL + "/api/records?unit=210102001001"),
                timeout: .seconds(60))
            #expect(try JSONValue(parsing: fetched.body)["data"]?["records"]?[0]?["elderName"] == "王桂兰")
        }
    }

    /// The stand-in answers once its 30 s hang is over, so a `TransportError` at all means the request was cut off.
    @Test func aHangingSystemIsATimeout() async throws {
        try await withStandIn(SOAPDepartment()) { slow in
            slow.control.failAlways(.hang(.seconds(30)))
            let error = await #expect(throws: TransportError.self) {
                _ = try await AsyncHTTPTransport.shared.send(
                    OutboundRequest(method: "GET", url: slow.baseURL + "/records?sfzh=secret"),
                    timeout: .milliseconds(300))
            }
            #expect(error?.isTimeout == true)
            #expect(
                error?.reason.contains("secret") == false,
                "the query string, which may hold personal data, is not quoted")
        }
    }

    @Test func theSharedTransportNamesARefusedConnectionAtOnce() async throws {
        try await UnreachableUpstream.refused.with { url in
            let error = await #expect(throws: TransportError.self) {
                _ = try await AsyncHTTPTransport.shared.send(
                    OutboundRequest(method: "GET", url: url), timeout: .seconds(600))
            }
            #expect(error?.isTimeout == false)
            #expect(error?.reason == "\(url): connection refused")
        }
    }

    @Test func aBodyBeyondTheCapIsRefusedClearly() async throws {
        let records = (0..<200).map { index in
            JSONValue.object(["n": .integer(Int64(index)), "text": "沈阳市和平区太原北街 12 号"])
        }
        try await withStandIn(CSVExport(records: records)) { export in
            let transport = AsyncHTTPTransport(bodyLimit: 1024)
            let error = await #expect(throws: TransportError.self) {
                _ = try await transport.send(
                    OutboundRequest(method: "GET", url: export.baseURL + "/all.csv"), timeout: .seconds(60))
            }
            #expect(error?.reason.hasSuffix("the response body exceeds the limit of 1024 bytes") == true)
            try await transport.shutdown()
        }
    }

    @Test func anOwnedTransportRunsWithTheApplicationAndShutsDownAfterIt() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { department in
            let transport = AsyncHTTPTransport()
            let gateway = try await AdapterTestGateway(
                adapters: [
                    try TestAdapters.source("civil-json", url: department.baseURL + "/api", records: "$.data.records")
                ],
                transport: transport)
            try await gateway.application.test(.router) { client in
                try await client.execute(
                    uri: "/v1/data/elderly-visit@1?unit=210102001001", method: .get,
                    headers: gateway.headers("community")
                ) { response in
                    let body = try response.json
                    #expect(body["sources"]?[0]?["status"] == "ok")
                }
            }
            await #expect(throws: TransportError.self, "the application's graceful shutdown shut the client down") {
                _ = try await transport.send(
                    OutboundRequest(method: "GET", url: department.baseURL), timeout: .seconds(60))
            }
        }
    }
}
