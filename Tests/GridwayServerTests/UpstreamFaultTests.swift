import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdTesting
import NIOSSL
import Synchronization
import Testing

/// Upstreams that fail in the middle of an exchange: one answering with a body larger than Gridway
/// reads, one closing the connection half-way through its answer, one never answering, and one whose
/// TLS certificate is not trusted. Each time the misbehaving target's deliveries are retried within
/// their budget and then go dead with the reason, while the other targets deliver everything.
@Suite(.timeLimit(.minutes(3))) struct UpstreamFaultTests {
    /// Budget of the misbehaving target: two attempts, a short timeout and retry delay, and a breaker
    /// that stays closed for the six failures.
    static let budget =
        "targets:\n  civil-affairs-elderly: {maxAttempts: 2, timeout: 1s, retryDelay: 50ms, breakerThreshold: 10}\n"

    @Test(arguments: [
        (StandInFault.hugeBody(bytes: 10_000_000), "exceeds the limit of \(AsyncHTTPTransport.defaultBodyLimit) bytes"),
        (.cutOff, "stream ended at an unexpected time"),
        (.hang(.seconds(30)), "no response within"),
    ])
    func aMisbehavingUpstreamEndsDeadAfterItsBudgetWhileTheOthersDeliver(fault: StandInFault, reason: String)
        async throws
    {
        try await withDepartments { departments in
            departments.json.control.failAlways(fault)
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters, configuration: Self.budget, secrets: Departments.secrets)
            try await gateway.application.test(.router) { client in
                let ids = try await gateway.submitVisits(client, count: 3, keyPrefix: "fault")
                let civil = try await Self.waitUntilDead(Departments.jsonTarget, of: ids, in: gateway)
                for delivery in civil {
                    #expect(delivery.attempts == 2)
                    #expect(
                        delivery.lastError?.contains("gave up after 2 attempts") == true,
                        "\(delivery.lastError ?? "no error")")
                    #expect(delivery.lastError?.contains(reason) == true, "\(delivery.lastError ?? "no error")")
                }
                try await Self.expectOthersDelivered(ids, by: gateway)
                #expect(
                    departments.json.control.requests.count == 6, "two attempts for each of three submissions, no more")
                #expect(departments.xml.control.requests.count == 3)
                #expect(departments.form.control.requests.count == 3)
                #expect(
                    try await gateway.call(client, .get, "/v1/submissions/\(ids[0])", key: "community").body["delivery"]
                        == "partially-delivered")
            }
            try await departments.expectKeyedAndSigned(by: gateway)
        }
    }

    @Test(.enabled(if: TestCertificates.openssl != nil, "needs the openssl command to make test certificates"))
    func anUpstreamWithAnUntrustedCertificateNeverSeesARequestAndItsDeliveriesGoDead() async throws {
        let pki = try TestCertificates()
        let rogueTLS = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(pki.path("rogue.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: pki.path("rogue.key"), format: .pem)))
        let served = Atomic(0)
        let router = Router()
        router.post("**") { _, _ in
            served.add(1, ordering: .relaxed)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"code": 0, "data": {"receiptNo": "ROGUE1"}}"#)))
        }
        let rogue = Application(
            router: router,
            server: HTTPServerBuilder { responder in
                try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: rogueTLS)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        var trusting = TLSSettings()
        trusting.upstreamCABundle = pki.path("ca.pem")
        let transport = AsyncHTTPTransport(tls: try trusting.upstreamConfiguration())
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        do {
            // The gateway's services shut the transport down when its application stops.
            try await rogue.test(.live) { rogueClient in
                try await withDepartments { departments in
                    let civil = try TestAdapters.shipped(
                        Departments.jsonTarget,
                        settings: [
                            "CIVIL_AFFAIRS_URL": "https://127.0.0.1:\(try #require(rogueClient.port))",
                            "CIVIL_AFFAIRS_TOKEN": "test-token",
                        ])
                    let gateway = try await FanOutGateway(
                        adapters: [civil] + (try departments.adapters).dropFirst(), configuration: Self.budget,
                        transport: transport)
                    try await gateway.application.test(.router) { client in
                        let ids = try await gateway.submitVisits(client, count: 3, keyPrefix: "rogue")
                        let dead = try await Self.waitUntilDead(Departments.jsonTarget, of: ids, in: gateway)
                        for delivery in dead {
                            #expect(delivery.attempts == 2)
                            #expect(
                                delivery.lastError?.localizedCaseInsensitiveContains("certificate") == true,
                                "\(delivery.lastError ?? "no error")")
                        }
                        try await Self.expectOthersDelivered(ids, by: gateway)
                    }
                }
            }
        } catch {
            try? await transport.shutdown()
            throw error
        }
        #expect(served.load(ordering: .relaxed) == 0, "no report crossed the untrusted connection")
    }

    /// Waits until the deliveries of `ids` to `target` are dead, and returns them.
    static func waitUntilDead(_ target: String, of ids: [String], in gateway: FanOutGateway) async throws
        -> [Delivery]
    {
        var found: [Delivery] = []
        try await eventually("every delivery to \(target) is dead: \(found.map(\.state.rawValue))") {
            found = []
            for id in ids { found += try await gateway.deliveries(of: id).filter { $0.target == target } }
            return found.count == ids.count && found.allSatisfy { $0.state == .dead }
        }
        return found
    }

    /// Expects every delivery of `ids` to the two well-behaved targets to be delivered, with a receipt.
    static func expectOthersDelivered(_ ids: [String], by gateway: FanOutGateway) async throws {
        var others: [Delivery] = []
        try await eventually("the other targets delivered: \(others.map(\.state.rawValue))") {
            others = []
            for id in ids {
                others += try await gateway.deliveries(of: id).filter { $0.target != Departments.jsonTarget }
            }
            return others.count == 2 * ids.count && others.allSatisfy { $0.state == .delivered }
        }
        #expect(others.allSatisfy { $0.attempts == 1 && $0.receipt != nil }, "delivered at the first attempt")
    }
}
