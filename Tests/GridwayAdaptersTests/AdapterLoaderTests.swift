import Foundation
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct AdapterLoaderTests {
    /// A compiled-in adapter that needs the ECHO_URL setting.
    struct EchoAdapter: CompiledAdapter {
        static let id = "echo-app"
        let descriptor: AdapterDescriptor

        init(settings: [String: String]) throws {
            guard settings["ECHO_URL"] != nil else { throw AdapterError.configuration("ECHO_URL is not set") }
            descriptor = AdapterDescriptor(
                id: Self.id, title: "回声", kind: .swift, capabilities: [.deliver],
                contracts: [ContractGrant(contract: try ContractRef(parsing: "elderly-visit@1"))])
        }
    }

    /// A second type claiming the same id.
    struct EchoTwin: CompiledAdapter {
        static let id = "echo-app"
        let descriptor: AdapterDescriptor

        init(settings: [String: String]) throws {
            descriptor = AdapterDescriptor(
                id: "echo-twin", title: "回声二", kind: .swift, capabilities: [.deliver], contracts: [])
        }
    }

    /// What the remote factory makes: a plain adapter carrying the manifest's descriptor.
    struct RemoteStub: Adapter {
        let descriptor: AdapterDescriptor
    }

    private static let declarative = """
        id: civil-affairs-elderly
        title: 民政局
        kind: declarative
        capabilities: [deliver]
        contracts: [elderly-visit@1]
        settings:
          url: {env: CA_URL}
        deliver:
          request: {url: "${settings.url}/visits", body: {rq: $.data.visitDate}}
        """

    private static let remote = """
        id: grid-app
        title: 网格通
        kind: remote
        capabilities: [fetch]
        contracts: [elderly-visit@1]
        settings:
          secret: {env: GRID_SECRET, secret: true}
        remote: {endpoint: "http://127.0.0.1:7001", secret: "${settings.secret}"}
        """

    /// A temporary adapters directory with `folders` (name → adapter.yaml text, or nil for an empty folder).
    private func directory(_ folders: [String: String?]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-adapters-\(UUID().uuidString)")
        for (name, manifest) in folders {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let manifest {
                try manifest.write(to: folder.appendingPathComponent("adapter.yaml"), atomically: true, encoding: .utf8)
            }
        }
        try "# adapters\n".write(to: root.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        return root
    }

    private func loader(
        _ directory: URL, compiled: [any CompiledAdapter.Type] = [EchoAdapter.self],
        environment: [String: String] = [
            "CA_URL": "http://127.0.0.1:9001", "GRID_SECRET": "s", "ECHO_URL": "http://127.0.0.1:9005",
        ]
    ) -> AdapterLoader {
        AdapterLoader(
            directory: directory, compiled: compiled, catalog: DeclarativeTesting.catalog, environment: environment,
            remote: { RemoteStub(descriptor: $0.descriptor) })
    }

    private func problems(_ loader: AdapterLoader) -> [String] {
        do {
            _ = try loader.load()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func declarativeRemoteAndCompiledAdaptersLoadByFolder() throws {
        let root = try directory([
            "civil-affairs-elderly": Self.declarative, "grid-app": Self.remote, "echo-app": nil, ".git": nil,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = try loader(root).load()
        #expect(registry.adapters.map(\.descriptor.id) == ["civil-affairs-elderly", "echo-app", "grid-app"])
        #expect(registry.adapter("civil-affairs-elderly") is DeclarativeAdapter)
        #expect(registry.adapter("grid-app")?.descriptor.kind == .remote)
        #expect(registry.adapter("echo-app") is EchoAdapter)
    }

    @Test func aFolderThatIsNoAdapterIsNamed() throws {
        let root = try directory(["stray": nil])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(
            problems(loader(root)) == [
                "\(root.path)/stray: error: stray is no adapter: it has no adapter.yaml and no compiled-in Swift adapter has the id \"stray\""
            ])
    }

    @Test func duplicateIdsAreRefused() throws {
        let root = try directory(["echo-app": nil])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(
            problems(loader(root, compiled: [EchoAdapter.self, EchoTwin.self])).contains {
                $0.hasSuffix("error: two compiled-in adapters have the id \"echo-app\"")
            })
        let both = try directory([
            "echo-app": Self.declarative.replacingOccurrences(of: "civil-affairs-elderly", with: "echo-app")
        ])
        defer { try? FileManager.default.removeItem(at: both) }
        #expect(
            problems(loader(both)).first?.contains("has an adapter.yaml and a compiled-in Swift adapter of the same id")
                == true)
        let misnamed = try directory(["echo-app": nil])
        defer { try? FileManager.default.removeItem(at: misnamed) }
        #expect(
            problems(loader(misnamed, compiled: [EchoTwin.self])).first?.hasSuffix("describes itself as \"echo-twin\"")
                == true)
    }

    @Test func everyBrokenFolderIsReportedWithLocations() throws {
        let root = try directory([
            "civil-affairs-elderly": Self.declarative.replacingOccurrences(
                of: "$.data.visitDate", with: "$.data.elderIdNumber"),
            "grid-app": Self.remote.replacingOccurrences(of: "id: grid-app", with: "id: grid-ap"),
            "echo-app": nil,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = problems(loader(root, environment: ["GRID_SECRET": "s"]))
        #expect(found.count == 3, "\(found)")
        #expect(
            found.contains {
                $0.hasPrefix(
                    "\(root.path)/civil-affairs-elderly/adapter.yaml:9:55: error: $.data.elderIdNumber reads elderIdNumber"
                )
            })
        #expect(
            found.contains {
                $0.hasPrefix(
                    "\(root.path)/grid-app/adapter.yaml:1:5: error: id \"grid-ap\" must equal the adapter's folder name"
                )
            })
        #expect(
            found.contains {
                $0.hasSuffix("the Swift adapter echo-app cannot start: configuration: ECHO_URL is not set")
            })
        #expect(
            found.contains {
                $0.hasPrefix("\(root.path)/civil-affairs-elderly/adapter.yaml:7:3: error: setting \"url\" has no value")
            }
                == false, "settings are resolved only for manifests that pass the checks")
    }

    @Test func aMissingSettingStopsTheLoad() throws {
        let root = try directory(["civil-affairs-elderly": Self.declarative])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(
            problems(loader(root, environment: [:])) == [
                "\(root.path)/civil-affairs-elderly/adapter.yaml:7:3: error: setting \"url\" has no value: set the environment variable CA_URL or give it a default"
            ])
    }

    @Test func remoteAdaptersNeedAFactory() throws {
        let root = try directory(["grid-app": Self.remote])
        defer { try? FileManager.default.removeItem(at: root) }
        var plain = loader(root)
        plain.remote = nil
        #expect(problems(plain).first?.hasSuffix("remote adapters cannot be loaded here") == true)
    }

    @Test func aMissingDirectoryIsReported() {
        let missing = URL(fileURLWithPath: "/nonexistent/adapters")
        #expect(
            problems(loader(missing)).first?.hasPrefix(
                "/nonexistent/adapters: error: cannot read the adapters directory") == true)
    }
}
