import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OrderedCollections

/// A Gridway over a fresh SQLite store, the repository's contracts and org units, and one key per role.
final class TestGateway: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let directory: URL
    let services: GridwayServices
    let store: SQLiteStore
    /// Secrets by name: `admin`, `street` (太原街街道 210102001), `community` (北京街社区 210102001001),
    /// `sibling` (中华路社区 210102001002), `upstream` (district 210102).
    let keys: [String: String]

    /// A gateway whose store, workers and routes read `clock`.
    init(bodyLimit: Int = 1 << 20, clock: any GridwayClock = SystemClock()) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = GridwayConfiguration()
        configuration.dataDirectory = directory.path
        configuration.bodyLimit = bodyLimit
        configuration.logLevel = .warning
        // No daily retention run nor deadline watch: on a test clock each would be one more sleeper for
        // the tests that wait for their worker's; RetentionWorkerTests and DeadlineWatchTests run theirs.
        configuration.retentionInterval = nil
        configuration.deadlineMargin = nil
        store = try SQLiteStore(path: configuration.databasePath, clock: clock)
        let catalog = try ContractCatalog.load(directory: Self.repositoryRoot.appendingPathComponent("contracts"))
        let units = try OrgUnitTree.load(contentsOf: Self.repositoryRoot.appendingPathComponent("contracts/units.json"))
        var services = GridwayServices(catalog: catalog, units: units, store: store, configuration: configuration)
        services.clock = clock
        self.services = services
        var keys: [String: String] = [:]
        let roles: [(String, CredentialRole)] = [
            ("admin", .admin), ("street", .staff(unit: "210102001")), ("community", .staff(unit: "210102001001")),
            ("sibling", .staff(unit: "210102001002")),
            ("upstream", .upstream(target: "district-civil-affairs", jurisdiction: "210102")),
        ]
        for (name, role) in roles {
            let key = APIKey.generate()
            _ = try await store.createCredential(name: name, role: role, keyHash: key.hash, by: "test")
            keys[name] = key.secret
        }
        self.keys = keys
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The router application, for `app.test(.router)`.
    var application: some ApplicationProtocol { buildApplication(services) }

    /// How many submissions are stored, and how many audit entries exist: both must not move on a refused request.
    func storedCounts() async throws -> (submissions: Int, audit: Int) {
        let submissions = try await store.submissions(matching: .init(limit: 200)).items.count
        let audit = try await store.auditEntries(from: 1, limit: 10_000).count
        return (submissions, audit)
    }

    func headers(_ key: String?, idempotencyKey: String? = nil, contentType: String? = "application/json") -> HTTPFields
    {
        var fields = HTTPFields()
        if let key { fields[.authorization] = "Bearer \(keys[key] ?? key)" }
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }
}

/// A valid elderly-visit@1 report body built from the contract's first example, then edited.
func visitBody(
    unit: String = "210102001001", period: String? = "2026-11", minutes: Int = 40, supersedes: String? = nil,
    data editData: (inout OrderedDictionary<String, JSONValue>) -> Void = { _ in },
    envelope editEnvelope: (inout OrderedDictionary<String, JSONValue>) -> Void = { _ in }
) throws -> ByteBuffer {
    let contract = try JSONValue(
        parsing: Array(
            try Data(contentsOf: TestGateway.repositoryRoot.appendingPathComponent("contracts/elderly-visit@1.json"))))
    guard case .array(let examples)? = contract["examples"], case .object(var data)? = examples.first else {
        throw CancellationError()
    }
    data["durationMinutes"] = .integer(Int64(minutes))
    editData(&data)
    var envelope: OrderedDictionary<String, JSONValue> = [
        "contract": "elderly-visit@1", "unit": .string(unit), "period": period.map(JSONValue.string) ?? .null,
        "data": .object(data),
    ]
    if let supersedes { envelope["supersedes"] = .string(supersedes) }
    editEnvelope(&envelope)
    return ByteBuffer(bytes: JSONValue.object(envelope).serialized())
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue {
        get throws { try JSONValue(parsing: Array(body.readableBytesView)) }
    }
}
