import Foundation
import GridwayTestSupport
import Testing

/// The fan-out tests' own adapter manifests pass `gridway adapter check`, as shipped ones must.
@Suite(.timeLimit(.minutes(5))) struct FanOutAdapterCheckTests {
    @Test(arguments: ["fanout-xml-health", "fanout-form-grid"]) func testManifestPassesAdapterCheck(_ name: String)
        async throws
    {
        let folder = GatewayProcess.repositoryRoot.appendingPathComponent(
            "Tests/GridwayServerTests/Fixtures/fanout-adapters/\(name)")
        let result = try await GatewayProcess.run([
            "adapter", "check", folder.path, "--contracts", ShippedAdaptersTests.contracts,
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok: no errors (0 warnings)"), "\(result.output)")
    }
}
