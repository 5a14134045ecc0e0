import Foundation
import GridwayAdapters
import GridwayServer
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdTesting
import NIOSSL
import Testing

/// Gridway serves HTTPS with its configured certificate, verifies upstream certificates against a
/// configured CA bundle and presents its client certificate to upstreams that require one.
@Suite(
    .timeLimit(.minutes(3)),
    .enabled(if: TestCertificates.openssl != nil, "needs the openssl command to make test certificates"))
struct TLSTests {
    @Test func gridwayServesHTTPSWithItsConfiguredCertificate() async throws {
        let pki = try TestCertificates()
        let gateway = try await TestGateway()
        var services = gateway.services
        services.configuration.tls.certificate = pki.path("server.pem")
        services.configuration.tls.key = pki.path("server.key")
        services.serverTLS = try services.configuration.tls.serverConfiguration()
        try await buildApplication(services).test(.live) { client in
            let port = try #require(client.port)
            var trusting = TLSSettings()
            trusting.upstreamCABundle = pki.path("ca.pem")
            let transport = AsyncHTTPTransport(tls: try trusting.upstreamConfiguration())
            let answer = try await transport.send(
                OutboundRequest(method: "GET", url: "https://127.0.0.1:\(port)/healthz"), timeout: .seconds(10))
            #expect(answer.status == 200)
            try await transport.shutdown()

            let plain = try RawConnection(port: port)
            try plain.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(!(await plain.readUntilClosed(timeout: .seconds(5)).text.contains("200 OK")), "no plain HTTP")
        }
    }

    @Test func upstreamCertificatesAreVerifiedAndAClientCertificateIsPresented() async throws {
        let pki = try TestCertificates()
        // An upstream that only talks to clients holding a certificate from the test CA.
        var serverTLS = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(pki.path("server.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: pki.path("server.key"), format: .pem)))
        serverTLS.certificateVerification = .noHostnameVerification
        serverTLS.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.path("ca.pem")))
        let upstreamTLS = serverTLS
        let router = Router()
        router.get("report") { _, _ in "收到" }
        let upstream = Application(
            router: router,
            server: HTTPServerBuilder { responder in
                try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: upstreamTLS)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstream.test(.live) { client in
            let url = "https://127.0.0.1:\(try #require(client.port))/report"
            func send(_ settings: TLSSettings) async throws -> Int {
                let transport = AsyncHTTPTransport(tls: try settings.upstreamConfiguration())
                do {
                    let status = try await transport.send(
                        OutboundRequest(method: "GET", url: url), timeout: .seconds(10)
                    ).status
                    try await transport.shutdown()
                    return status
                } catch {
                    try await transport.shutdown()
                    throw error
                }
            }
            var mutual = TLSSettings()
            mutual.upstreamCABundle = pki.path("ca.pem")
            mutual.upstreamClientCertificate = pki.path("client.pem")
            mutual.upstreamClientKey = pki.path("client.key")
            #expect(try await send(mutual) == 200)

            var withoutClientCertificate = mutual
            withoutClientCertificate.upstreamClientCertificate = nil
            withoutClientCertificate.upstreamClientKey = nil
            await #expect(throws: (any Error).self, "the upstream requires a client certificate") {
                try await send(withoutClientCertificate)
            }
            var trustingOnlyTheRogue = mutual
            trustingOnlyTheRogue.upstreamCABundle = pki.path("rogue.pem")
            await #expect(throws: (any Error).self, "the upstream's certificate is not from a trusted CA") {
                try await send(trustingOnlyTheRogue)
            }
        }
    }

    @Test func tlsFilesAreCheckedWhenTheyAreLoaded() throws {
        var settings = TLSSettings()
        settings.certificate = "/nonexistent/server.pem"
        #expect { try settings.serverConfiguration() } throws: { ($0 as? ConfigurationError)?.setting == "tlsKey" }
        settings.key = "/nonexistent/server.key"
        #expect { try settings.serverConfiguration() } throws: {
            ($0 as? ConfigurationError)?.setting == "tlsCertificate"
        }
        #expect(try TLSSettings().serverConfiguration() == nil)
        #expect(try TLSSettings().upstreamConfiguration() == nil)
    }
}
