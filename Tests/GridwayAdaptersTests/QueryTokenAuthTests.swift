import Foundation
import GridwayJSON
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

/// `auth: {type: query}`: a token in the query string that no failure reason ever shows.
@Suite struct QueryTokenAuthTests {
    /// A token with characters that percent-encoding changes, as it appears in the sent URL.
    private static let token = "tk/9+Q=="
    private static let encodedToken = "tk%2F9%2BQ%3D%3D"

    private func adapter() throws -> DeclarativeAdapter {
        try DeclarativeTesting.adapter(
            DeclarativeAdapterTests.manifest.replacingOccurrences(
                of: #"auth: {type: bearer, token: "${settings.token}"}"#,
                with: #"auth: {type: query, name: access_token, value: "${settings.token}"}"#),
            environment: ["CA_TOKEN": Self.token])
    }

    @Test func theTokenIsSentAsTheLastQueryParameter() async throws {
        let transport = RecordingTransport(responses: [.json(200, ["code": "0000", "data": ["receiptNo": "R1"]])])
        #expect(
            try await adapter().deliver(DeclarativeAdapterTests.input, through: transport) == .delivered(receipt: "R1"))
        let request = try #require(transport.requests.first)
        #expect(request.url == "http://127.0.0.1:9001/api/visits?dw=210102001001&access_token=\(Self.encodedToken)")
        #expect(request.header("Authorization") == nil)
    }

    @Test func aTransportErrorQuotingTheURLDoesNotShowTheToken() async throws {
        let outcome = try await adapter().deliver(
            DeclarativeAdapterTests.input, through: RecordingTransport(responses: []))
        guard case .retry(let reason, _) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("access_token=***"), "\(reason)")
        #expect(!reason.contains(Self.encodedToken) && !reason.contains(Self.token), "\(reason)")
    }

    @Test func anUpstreamEchoingTheURLDoesNotShowTheToken() async throws {
        let echo = "bad request /api/visits?dw=210102001001&access_token=\(Self.encodedToken) (token \(Self.token))"
        let transport = RecordingTransport(responses: [.json(503, ["code": "E9001", "msg": .string(echo)])])
        let outcome = try await adapter().deliver(DeclarativeAdapterTests.input, through: transport)
        guard case .retry(let reason, _) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("access_token=*** (token ***)"), "\(reason)")
        #expect(!reason.contains(Self.encodedToken) && !reason.contains(Self.token), "\(reason)")
    }

    @Test func theTokenMustComeFromASetting() {
        let literal = DeclarativeAdapterTests.manifest.replacingOccurrences(
            of: #"auth: {type: bearer, token: "${settings.token}"}"#,
            with: #"auth: {type: query, name: access_token, value: abc123}"#)
        #expect(
            DeclarativeTesting.diagnostics(literal).contains {
                $0.severity == .error && $0.message.hasPrefix("auth query parameter value holds a literal secret")
            })
    }
}
