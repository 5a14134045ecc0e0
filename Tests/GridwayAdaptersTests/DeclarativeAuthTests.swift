import Foundation
import GridwayJSON
import Synchronization
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeAuthTests {
    /// A deliver manifest with `auth` and a one-member JSON body.
    private func manifest(auth: String, settings: String) -> String {
        """
        id: auth-test
        title: 认证测试
        kind: declarative
        capabilities: [deliver]
        contracts: [elderly-visit@1]
        settings:
        \(settings)
        deliver:
          request:
            url: http://127.0.0.1:9001/api/visits?dw=${$.submission.unit}
            auth: \(auth)
            body: {a: 1}
        """
    }

    private let now = Date(timeIntervalSince1970: 1_793_836_800)

    private func deliver(_ yaml: String, _ environment: [String: String], through transport: any HTTPTransport)
        async throws -> DeliveryOutcome
    {
        try await DeclarativeTesting.adapter(yaml, environment: environment, now: now).deliver(
            DeclarativeAdapterTests.input, through: transport)
    }

    @Test func hmacSignsMethodPathTimestampAndBodyDigest() async throws {
        let canonical = HMACSigning.canonicalString(
            method: "post", url: "http://127.0.0.1:9001/api/visits?dw=210102001001#x", timestamp: 1_793_836_800,
            body: Array(#"{"a":1}"#.utf8))
        #expect(
            canonical
                == "POST\n/api/visits?dw=210102001001\n1793836800\n015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        )
        #expect(HMACSigning.pathAndQuery(of: "https://example.org") == "/")
        #expect(HMACSigning.pathAndQuery(of: "https://example.org?a=1") == "/?a=1")

        let transport = RecordingTransport(responses: [InboundResponse(status: 201)])
        let yaml = manifest(
            auth: "{type: hmac, keyId: '${settings.appId}', secret: '${settings.secret}', keyIdHeader: X-App-Id}",
            settings: "  appId: {env: APP_ID}\n  secret: {env: APP_SECRET, secret: true}")
        #expect(
            try await deliver(yaml, ["APP_ID": "gridway", "APP_SECRET": "k3y"], through: transport)
                == .delivered(receipt: nil))
        let request = try #require(transport.requests.first)
        #expect(request.header("X-App-Id") == "gridway")
        #expect(request.header("X-Timestamp") == "1793836800")
        #expect(request.header("X-Signature") == "b679e289c00458a6f6c8b01b52ed562f8807329fa9747fd33faf987efaa9942a")

        let base64 = RecordingTransport(responses: [InboundResponse(status: 201)])
        let yaml64 = manifest(
            auth: "{type: hmac, secret: '${settings.secret}', encoding: base64, signatureHeader: Sign}",
            settings: "  secret: {env: APP_SECRET, secret: true}")
        _ = try await deliver(yaml64, ["APP_SECRET": "k3y"], through: base64)
        #expect(base64.requests.first?.header("Sign") == "tnniicAEWKb2yLAbUu1WL4gHMp+pdH/TP6+YfvqplCo=")
    }

    @Test(arguments: [
        ("{type: bearer, token: '${settings.secret}'}", "Authorization", "Bearer s3"),
        ("{type: header, name: X-Api-Key, value: 'APPCODE ${settings.secret}'}", "X-Api-Key", "APPCODE s3"),
        ("{type: basic, username: gridway, password: '${settings.secret}'}", "Authorization", "Basic Z3JpZHdheTpzMw=="),
    ])
    func staticCredentials(auth: String, header: String, value: String) async throws {
        let transport = RecordingTransport(responses: [InboundResponse(status: 200)])
        _ = try await deliver(
            manifest(auth: auth, settings: "  secret: {env: S, secret: true}"), ["S": "s3"], through: transport)
        #expect(transport.requests.first?.header(header) == value)
    }

    private var oauthManifest: String {
        manifest(
            auth:
                "{type: oauth2-client-credentials, tokenURL: 'http://127.0.0.1:9009/oauth/token', clientID: gridway, clientSecret: '${settings.secret}', scope: visits.write}",
            settings: "  secret: {env: S, secret: true}")
    }

    @Test func anOAuthTokenIsFetchedOnceAndCached() async throws {
        let upstream = OAuthUpstream(lifetime: 3600)
        let adapter = try DeclarativeTesting.adapter(oauthManifest, environment: ["S": "c-secret"], now: now)
        for _ in 0..<3 {
            #expect(
                try await adapter.deliver(DeclarativeAdapterTests.input, through: upstream) == .delivered(receipt: nil))
        }
        let requests = upstream.requests
        #expect(requests.count == 4, "one token request, then three deliveries")
        let tokenRequest = try #require(requests.first)
        #expect(tokenRequest.method == "POST" && tokenRequest.url == "http://127.0.0.1:9009/oauth/token")
        #expect(tokenRequest.header("Authorization") == "Basic " + Data("gridway:c-secret".utf8).base64EncodedString())
        #expect(
            String(decoding: tokenRequest.body, as: UTF8.self) == "grant_type=client_credentials&scope=visits.write")
        #expect(requests.dropFirst().allSatisfy { $0.header("Authorization") == "Bearer token-1" })
    }

    @Test func anExpiredTokenIsFetchedAgain() async throws {
        let upstream = OAuthUpstream(lifetime: 60)
        let clock = Mutex(now)
        let adapter = try DeclarativeAdapter(
            manifest: DeclarativeTesting.manifest(oauthManifest), environment: ["S": "c"],
            clock: { clock.withLock { $0 } })
        _ = try await adapter.deliver(DeclarativeAdapterTests.input, through: upstream)
        clock.withLock { $0 = $0.addingTimeInterval(29) }
        _ = try await adapter.deliver(DeclarativeAdapterTests.input, through: upstream)
        clock.withLock { $0 = $0.addingTimeInterval(2) }
        _ = try await adapter.deliver(DeclarativeAdapterTests.input, through: upstream)
        #expect(
            upstream.requests.map { $0.header("Authorization") ?? "" }.filter { $0.hasPrefix("Bearer") }
                == ["Bearer token-1", "Bearer token-1", "Bearer token-2"], "a token is renewed 30 s before it expires")
    }

    @Test func a401FetchesANewTokenAndTriesOnceMore() async throws {
        let upstream = OAuthUpstream(lifetime: 3600, rejected: ["token-1"])
        let adapter = try DeclarativeTesting.adapter(oauthManifest, environment: ["S": "c"], now: now)
        #expect(try await adapter.deliver(DeclarativeAdapterTests.input, through: upstream) == .delivered(receipt: nil))
        #expect(upstream.requests.map(\.url.last) == ["n", "1", "n", "1"], "token, 401, new token, success")
        #expect(upstream.requests.last?.header("Authorization") == "Bearer token-2")

        let stubborn = OAuthUpstream(lifetime: 3600, rejected: ["token-1", "token-2"])
        let outcome = try await DeclarativeTesting.adapter(oauthManifest, environment: ["S": "c"], now: now)
            .deliver(DeclarativeAdapterTests.input, through: stubborn)
        #expect(outcome == .rejected(reason: "HTTP 401"), "a second 401 is not retried again")
        #expect(stubborn.requests.count == 4)
    }

    @Test func aFailingTokenEndpointIsWorthARetry() async throws {
        let upstream = OAuthUpstream(lifetime: 3600, tokenStatus: 503)
        let outcome = try await DeclarativeTesting.adapter(oauthManifest, environment: ["S": "c"], now: now)
            .deliver(DeclarativeAdapterTests.input, through: upstream)
        #expect(outcome == .retry(reason: "the token endpoint answered HTTP 503", after: nil))
    }

    @Test func clientCredentialsCanGoInTheBody() async throws {
        let upstream = OAuthUpstream(lifetime: 3600)
        let yaml = oauthManifest.replacingOccurrences(of: "scope: visits.write}", with: "clientAuthentication: body}")
        _ = try await DeclarativeTesting.adapter(yaml, environment: ["S": "c s"], now: now).deliver(
            DeclarativeAdapterTests.input, through: upstream)
        let tokenRequest = try #require(upstream.requests.first)
        #expect(tokenRequest.header("Authorization") == nil)
        #expect(
            String(decoding: tokenRequest.body, as: UTF8.self)
                == "grant_type=client_credentials&client_id=gridway&client_secret=c%20s")
    }
}

/// An OAuth 2.0 token endpoint and an upstream in one fake transport: tokens are `token-1`, `token-2`, …;
/// the upstream answers 401 to the `rejected` tokens and 200 to others.
final class OAuthUpstream: HTTPTransport {
    private let state = Mutex<(issued: Int, requests: [OutboundRequest])>((0, []))
    let lifetime: Int
    let rejected: Set<String>
    let tokenStatus: Int

    init(lifetime: Int, rejected: Set<String> = [], tokenStatus: Int = 200) {
        self.lifetime = lifetime
        self.rejected = rejected
        self.tokenStatus = tokenStatus
    }

    var requests: [OutboundRequest] { state.withLock { $0.requests } }

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        state.withLock { state in
            state.requests.append(request)
            if request.url.hasSuffix("/oauth/token") {
                guard tokenStatus == 200 else { return InboundResponse(status: tokenStatus) }
                state.issued += 1
                return .json(
                    200,
                    [
                        "access_token": .string("token-\(state.issued)"), "token_type": "Bearer",
                        "expires_in": .integer(Int64(lifetime)),
                    ])
            }
            let token = request.header("Authorization")?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
            return InboundResponse(status: rejected.contains(token) ? 401 : 200)
        }
    }
}
