import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayTestSupport
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// The Python remote adapter example (`adapters/grid-ledger-python`) against a running Gridway: a
/// submission is delivered through it into its ledger and read back through the unified query, and
/// the service refuses a call signed with the wrong secret. Skipped when python3 is not on PATH.
@Suite(.timeLimit(.minutes(3)), .enabled(if: PythonAdapterProcess.python3 != nil, "python3 is not on PATH"))
struct PythonRemoteAdapterTests {
    static let secret = "whsec_" + Data("街道网格事件台账的远程适配器密钥".utf8).base64EncodedString()

    /// The shipped manifest with its settings pointed at `url` and signing with `secret`.
    private static func adapter(url: String, secret: String) throws -> RemoteAdapter {
        let manifest = try AdapterManifest(folder: PythonAdapterProcess.folder)
        return try RemoteAdapter(
            try manifest.remoteManifest(environment: ["GRID_LEDGER_URL": url, "GRID_LEDGER_SECRET": secret]),
            ingestTransport: AsyncHTTPTransport.shared)
    }

    /// Runs `body` with the service started on a fresh ledger, stopping it afterwards.
    private static func withService<T>(_ body: (PythonAdapterProcess) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grid-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let service = try PythonAdapterProcess(
            secret: secret, database: directory.appendingPathComponent("ledger.sqlite3"))
        defer { service.stop() }
        return try await body(service)
    }

    /// The first example of grid-incident@1.
    private static func incident() throws -> JSONValue {
        let contract = try JSONValue(
            parsing: Array(
                try Data(
                    contentsOf: TestGateway.repositoryRoot.appendingPathComponent("contracts/grid-incident@1.json"))))
        return try #require(contract["examples"]?[0])
    }

    @Test func aSubmissionGoesThroughThePythonAdapterAndComesBackInTheUnifiedQuery() async throws {
        try await Self.withService { service in
            let gateway = try await AdapterTestGateway(
                adapters: [try Self.adapter(url: service.baseURL, secret: Self.secret)], delivery: true)
            let body = JSONValue.object([
                "contract": "grid-incident@1", "unit": "210102001001", "period": "2026-11-28",
                "data": try Self.incident(),
            ])
            try await gateway.application.test(.router) { client in
                let delivery = try await gateway.submitAndAwaitFirstDelivery(
                    client, body: ByteBuffer(bytes: body.serialized()), idempotencyKey: "python-ledger")
                #expect(delivery?["state"] == "delivered", "\(String(describing: delivery))")
                #expect(delivery?["receipt"] == "TZ000001", "the ledger's number")

                try await client.execute(
                    uri: "/v1/data/grid-incident@1?unit=210102001001", method: .get,
                    headers: gateway.headers("community")
                ) { response in
                    let answer = try response.json
                    #expect(answer["sources"]?[0]?["adapter"] == "grid-ledger-python")
                    #expect(answer["sources"]?[0]?["status"] == "ok", "\(answer)")
                    #expect(
                        answer["records"]?[0]?["data"] == [
                            "category": "fire-hazard", "occurredAt": "2026-11-28T09:30:00+08:00",
                            "severity": "high", "peopleInvolved": 0, "location": ["text": "太原南街 45 号楼北侧楼道"],
                            "description": "楼道内堆放大量纸箱和电动自行车，堵塞疏散通道，存在火灾隐患。",
                        ], "granted fields only, read back from the ledger: \(answer)")
                }
            }
        }
    }

    /// The example's own tests (`python3 -m unittest` in its folder), which owners copy with it, pass.
    @Test func theExamplesOwnPythonTestsPass() throws {
        let python3 = try #require(PythonAdapterProcess.python3)
        let finished = try ChildProcess.run(
            python3, ["-B", "-m", "unittest"], directory: PythonAdapterProcess.folder, mergingErrors: true
        )
        #expect(finished.status == 0, "\(finished.output)")
        #expect(finished.output.contains("OK"), "\(finished.output)")
    }

    @Test func theServiceRefusesACallSignedWithAnotherSecret() async throws {
        try await Self.withService { service in
            let impostor = try Self.adapter(
                url: service.baseURL, secret: "whsec_" + Data("另一个密钥".utf8).base64EncodedString())
            let query = FetchQuery(contract: try ContractRef(parsing: "grid-incident@1"), unit: "210102001001")
            let error = await #expect(throws: AdapterError.self) {
                _ = try await impostor.fetch(query, through: AsyncHTTPTransport.shared)
            }
            guard case .refused(let reason)? = error else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("the webhook-signature does not match the body"), "\(reason)")
            let genuine = try Self.adapter(url: service.baseURL, secret: Self.secret)
            #expect(
                try await genuine.fetch(query, through: AsyncHTTPTransport.shared) == [], "the right secret is served")
        }
    }
}
