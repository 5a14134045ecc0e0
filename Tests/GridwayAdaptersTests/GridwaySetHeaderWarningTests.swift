import Foundation
import GridwayAdapters
import Testing

/// `adapter check` warns on delivery headers that Gridway sets itself.
@Suite struct GridwaySetHeaderWarningTests {
    @Test func headersGridwaySetsAreWarnedAboutWhereTheyAreWritten() throws {
        let manifest = try DeclarativeTesting.manifest(
            ManifestParsingTests.valid.replacingOccurrences(
                of: "      X-Request-ID: ${$.submission.id}\n",
                with:
                    "      X-Request-ID: ${$.submission.id}\n      idempotency-key: k\n      Webhook-Signature: v1,x\n")
        )
        #expect(
            manifest.warnings.map(\.description) == [
                "adapter.yaml:20:7: warning: Gridway sets the idempotency-key header itself on every attempt and replaces this value; remove it",
                "adapter.yaml:21:7: warning: Gridway sets the Webhook-Signature header itself on every attempt and replaces this value; remove it",
            ])
    }

    @Test(arguments: ["Idempotency-Key", "webhook-id", "webhook-timestamp", "webhook-signature", "WEBHOOK-ID"])
    func gridwaySetsTheStandardHeaders(name: String) {
        #expect(DeliveryHeaders.isSetByGridway(name))
    }

    @Test(arguments: ["Authorization", "X-Request-ID", "Idempotency", "X-Webhook-Id"])
    func otherHeadersAreTheAdapters(name: String) {
        #expect(!DeliveryHeaders.isSetByGridway(name))
    }
}
