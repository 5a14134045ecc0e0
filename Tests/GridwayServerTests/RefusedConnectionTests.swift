import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// A refused or reset connection fails at once with its real cause, for a delivery and for a fetch
/// source alike. Every timeout here is ten minutes and every test has three minutes at most: had an
/// attempt waited for its timeout, its test would fail by its time limit, with no clock read.
@Suite(.timeLimit(.minutes(3))) struct RefusedConnectionTests {
    @Test(arguments: UnreachableUpstream.allCases)
    func theTransportNamesTheFailureAtOnce(_ upstream: UnreachableUpstream) async throws {
        try await upstream.with { url in
            try await FanOutTransport.withOwnClient(connectTimeout: .seconds(600)) { transport in
                let error = await #expect(throws: TransportError.self) {
                    _ = try await transport.send(
                        OutboundRequest(method: "POST", url: url + "/api", body: Array("{}".utf8)),
                        timeout: .seconds(600))
                }
                #expect(error?.isTimeout == false)
                #expect(error?.reason == "\(url)/api: \(upstream.rawValue)")
            }
        }
    }

    /// With one slot and a ten-minute timeout, the second delivery is attempted only because the first
    /// attempt gave its slot back at once; two failures in a row open a breaker whose threshold is 2.
    @Test(arguments: UnreachableUpstream.allCases)
    func aDeliveryFailsAtOnceGivesBackItsSlotAndCountsTowardsTheBreaker(_ upstream: UnreachableUpstream)
        async throws
    {
        try await upstream.with { url in
            try await FanOutTransport.withOwnClient(connectTimeout: .seconds(600)) { transport in
                let target = Departments.jsonTarget
                let gateway = try await FanOutGateway(
                    adapters: [
                        try TestAdapters.shipped(
                            target, settings: ["CIVIL_AFFAIRS_URL": url, "CIVIL_AFFAIRS_TOKEN": "test-token"])
                    ],
                    configuration: """
                        targets:
                          \(target): {timeout: 10m, concurrency: 1, breakerThreshold: 2, retryDelay: 10m}
                        """,
                    transport: transport)
                try await gateway.application.test(.router) { client in
                    let ids = try await gateway.submitVisits(client, count: 2, keyPrefix: "unreachable")
                    try await gateway.waitUntilDeliveries(of: ids, are: .retrying)
                    for id in ids {
                        let delivery = try #require(try await gateway.deliveries(of: id).first)
                        #expect(delivery.attempts == 1)
                        #expect(delivery.lastError?.contains(upstream.rawValue) == true, "\(delivery.lastError ?? "")")
                        #expect(delivery.lastError?.contains("no response within") == false)
                    }
                    let targets = try await gateway.call(client, .get, "/v1/targets").body
                    #expect(targets["targets"]?[0]?["breaker"] == "open")
                }
            }
        }
    }

    @Test(arguments: UnreachableUpstream.allCases)
    func aFetchSourceIsAnErrorNamingTheFailure(_ upstream: UnreachableUpstream) async throws {
        try await upstream.with { url in
            try await FanOutTransport.withOwnClient(connectTimeout: .seconds(600)) { transport in
                let gateway = try await AdapterTestGateway(
                    adapters: [
                        try TestAdapters.source("down", url: url + "/api", records: "$.data.records", timeout: "10m")
                    ],
                    fetchTimeout: .seconds(600), transport: transport)
                try await gateway.application.test(.router) { client in
                    try await client.execute(
                        uri: "/v1/data/elderly-visit@1?unit=210102001001", method: .get,
                        headers: gateway.headers("community")
                    ) { response in
                        #expect(response.status == .ok)
                        let source = try response.json["sources"]?[0]
                        #expect(source?["status"] == "error")
                        #expect(
                            source?["error"]?.stringValue?.hasSuffix("/api: \(upstream.rawValue)") == true,
                            "\(String(describing: source))")
                    }
                }
            }
        }
    }
}
