import Foundation
import Testing

@testable import GridwayAdapters

/// Fixture comparison of XML request bodies by expanded names (namespace URI + local name).
@Suite struct FixtureXMLNamespaceTests {
    /// An adapter that sends SOAP 1.1 envelopes (a service expecting SOAP 1.2 refuses them).
    private static let manifest = """
        id: soap-visits
        title: SOAP visits
        kind: declarative
        capabilities: [deliver]
        contracts: [elderly-visit@1]
        deliver:
          request:
            url: http://127.0.0.1:9002/ws
            format: xml
            xml:
              root: soap:Envelope
              namespaces: {soap: "http://schemas.xmlsoap.org/soap/envelope/", v: "urn:visits:v1"}
            body: {soap:Body: {v:Visit: {v:Date: $.data.visitDate, "@v:kind": home}}}
          response: {format: xml, success: {when: "$.Result.Code == 0"}}
        """

    private static func fixture(namespaces: String) -> String {
        """
        name: SOAP
        capability: deliver
        input:
          submission: {id: s, contract: elderly-visit@1, unit: "210102"}
          data: {visitDate: 2026-11-05}
        exchanges:
          - request:
              \(namespaces)
              body: {env:Envelope: {env:Body: {visit:Visit: {visit:Date: 2026-11-05, "@visit:kind": home}}}}
            response:
              body: {Result: {Code: 0}}
        expect: {outcome: delivered}
        """
    }

    private func mismatches(_ fixture: String) async throws -> [String] {
        let parsed = try Fixture(text: fixture, file: "fixtures/test.yaml")
        let manifest = try DeclarativeTesting.manifest(Self.manifest)
        return await FixtureRunner(manifest: manifest).run(parsed).mismatches.map(\.description)
    }

    @Test func otherPrefixesForTheSameNamespacesPass() async throws {
        let found = try await mismatches(
            Self.fixture(
                namespaces: #"namespaces: {env: "http://schemas.xmlsoap.org/soap/envelope/", visit: "urn:visits:v1"}"#))
        #expect(found.isEmpty, "\(found)")
    }

    @Test func aNamespaceMismatchNamesBothURIs() async throws {
        let found = try await mismatches(
            Self.fixture(
                namespaces: #"namespaces: {env: "http://www.w3.org/2003/05/soap-envelope", visit: "urn:visits:v2"}"#))
        #expect(
            found == [
                #"body.env:Envelope namespace: expected "http://www.w3.org/2003/05/soap-envelope", got "http://schemas.xmlsoap.org/soap/envelope/""#,
                #"body.env:Envelope.env:Body.visit:Visit namespace: expected "urn:visits:v2", got "urn:visits:v1""#,
            ], "\(found)")
    }

    @Test func aPrefixTheFixtureDoesNotDeclareIsReported() async throws {
        let found = try await mismatches(
            Self.fixture(namespaces: #"namespaces: {env: "http://schemas.xmlsoap.org/soap/envelope/"}"#))
        #expect(
            found == [
                #"body.env:Envelope.env:Body.visit:Visit: expected the prefix "visit" declared in namespaces:, got an undeclared prefix"#
            ], "\(found)")
    }
}
