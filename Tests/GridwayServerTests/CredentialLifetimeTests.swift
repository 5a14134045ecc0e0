import GridwayCore
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridwayServer

/// How long a revoked key goes on working, by the services' clock.
@Suite struct CredentialLifetimeTests {
    /// A key revoked from the command line works for at most the cache's lifetime (two seconds) more.
    @Test func aRevokedKeyIsRefusedOnceItsRememberedLifetimeHasPassed() async throws {
        let clock = TestClock()
        let gateway = try await TestGateway(clock: clock)
        let key = try #require(gateway.keys["community"])
        let credential = try #require(try await gateway.store.activeCredential(keyHash: APIKey.hash(of: key)))
        try await gateway.application.test(.router) { client async throws in
            func status() async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers(key)).status
            }
            #expect(try await status() == .ok)
            #expect(try await gateway.store.revokeCredential(id: credential.id, by: "test"))
            #expect(try await status() == .ok, "remembered from the first request")
            clock.advance(by: CredentialCache.standardLifetime - .milliseconds(1))
            #expect(try await status() == .ok, "still within two seconds")
            clock.advance(by: .milliseconds(1))
            #expect(try await status() == .unauthorized, "two seconds after it was remembered")
        }
    }
}
