import GridwayCore
import GridwayStore

/// The keys `gridway demo` creates on every run and prints once.
struct DemoKeys: Sendable {
    /// The community whose staff key the demo creates: 北京街社区.
    static let staffUnit = "210102001001"
    /// The target and jurisdiction of the upstream key: 沈阳市民政局 for all of 沈阳市.
    static let upstream = (target: "civil-affairs-elderly", jurisdiction: "2101")

    /// An operator key.
    let admin: String
    /// A key for the staff of ``staffUnit``.
    let staff: String
    /// A key for the upper-level system ``upstream``.
    let upstream: String

    /// Creates the three keys in `store`.
    static func create(in store: any Store) async throws -> DemoKeys {
        func create(_ name: String, _ role: CredentialRole) async throws -> String {
            let key = APIKey.generate()
            _ = try await store.createCredential(name: name, role: role, keyHash: key.hash, by: "demo")
            return key.secret
        }
        return DemoKeys(
            admin: try await create("demo admin", .admin),
            staff: try await create("demo staff 北京街社区", .staff(unit: staffUnit)),
            upstream: try await create(
                "demo upstream 沈阳市民政局", .upstream(target: upstream.target, jurisdiction: upstream.jurisdiction)))
    }
}
