import Foundation
import Testing

@testable import GridwayAdapters

/// `adapter check` warns, where the value is written, on a plain `query:` parameter that looks like
/// a credential, which belongs in `auth: {type: query, …}`.
@Suite struct SecretQueryWarningTests {
    /// The valid manifest with `settings` added and `query` as its deliver request's query section.
    private static func manifest(settings: String = "", query: String) throws -> AdapterManifest {
        try DeclarativeTesting.manifest(
            ManifestParsingTests.valid
                .replacingOccurrences(
                    of: "  token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}\n",
                    with: "  token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}\n\(settings)"
                )
                .replacingOccurrences(of: "    headers:\n", with: "    query:\n\(query)    headers:\n"))
    }

    @Test func credentialsInPlainQueryParametersAreWarnedAboutWithLineAndColumn() throws {
        let manifest = try Self.manifest(
            settings: "  appKey: {env: CIVIL_AFFAIRS_APP_KEY}\n",
            query: """
                      access_token: ${settings.token}
                      key: ${settings.appKey}
                      api_key: abc
                      nonce: 9f3Kq7ZxL2mB8vR4tW6yH1cJ

                """)
        let warnings = manifest.warnings.map(\.description).filter { $0.contains("looks like a credential") }
        let expected: [(position: String, parameter: String, reason: String)] = [
            ("20:21", "access_token", "it takes the secret setting \"token\""),
            ("21:12", "key", "it takes the setting \"appKey\", whose name says it is a credential"),
            ("22:16", "api_key", "its name says it is a credential and its value is written in the manifest"),
            ("23:14", "nonce", "its value written in the manifest looks like a random key"),
        ]
        #expect(warnings.count == expected.count, "\(manifest.warnings)")
        for (warning, expectation) in zip(warnings, expected) {
            #expect(
                warning.hasPrefix(
                    "adapter.yaml:\(expectation.position): warning: query parameter \"\(expectation.parameter)\" looks like a credential (\(expectation.reason)); send it with auth: {type: query, name: \(expectation.parameter), value: \"${settings.NAME}\"}"
                ), "\(warning)")
        }
    }

    @Test func dataAndOrdinaryValuesInTheQueryAreNotWarnedAbout() throws {
        let manifest = try Self.manifest(
            query: """
                      unit: $.submission.unit
                      token: $.data.elderName
                      sign_type: RSA2
                      tokenType: bearer
                      keyword: 养老
                      mode: replace
                      date: 2026-11-05T08:00:00+08:00
                      ref: "${settings.baseURL}/callback?id=${$.submission.id}"

                """)
        #expect(manifest.warnings.isEmpty, "\(manifest.warnings)")
    }

    @Test(arguments: ["access_token", "appKey", "X-Api-Key", "client_secret", "password", "sign", "accessToken"])
    func credentialNames(name: String) {
        #expect(SecretLookingQuery.namesCredential(name))
    }

    @Test(arguments: ["sign_type", "tokenType", "keyId", "keyword", "monkey", "sqdm", "pageSize", "unit"])
    func otherNames(name: String) {
        #expect(!SecretLookingQuery.namesCredential(name))
    }

    @Test func randomKeysLookRandomAndIdentifiersDoNot() {
        #expect(SecretLookingQuery.looksRandom("sk_live_4eC39HqLyjWDarjtT1zdp7dc"))
        #expect(SecretLookingQuery.looksRandom("d41d8cd98f00b204e9800998ecf8427e"))
        #expect(!SecretLookingQuery.looksRandom("210102001001210102001001"), "a long code of few digits")
        #expect(!SecretLookingQuery.looksRandom("shenyang-heping-district-office"), "words without digits")
        #expect(!SecretLookingQuery.looksRandom("abc123"), "too short")
    }
}
