import GridwayCore
import HummingbirdTesting
import Testing

/// A live Gridway on 127.0.0.1 for the portal's browser tests: the three department stand-ins as its
/// targets and two portal users, liximei (staff of 北京街社区 210102001001) and operator (admin), both with
/// the password `correct horse battery`.
struct LivePortal {
    let departments: Departments
    let gateway: FanOutGateway
    let client: any TestClientProtocol
    /// The portal's address, `http://127.0.0.1:<port>/portal`.
    let portal: String

    /// Runs `body` against a fresh live portal whose deliveries to 民政局 (civil-affairs-elderly) give up
    /// after `maxAttempts` attempts, retried after 50 to 100 ms.
    static func run(maxAttempts: Int, _ body: @Sendable (LivePortal) async throws -> Void) async throws {
        try await withDepartments { departments in
            let gateway = try await FanOutGateway(
                adapters: try departments.adapters,
                configuration:
                    "targets:\n  civil-affairs-elderly: {maxAttempts: \(maxAttempts), retryDelay: 50ms, maxRetryDelay: 100ms}\n",
                secrets: Departments.secrets)
            try await gateway.base.portalUser("liximei", role: .staff(unit: "210102001001"))
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.application.test(.live) { client in
                let port = try #require(client.port)
                try await body(
                    LivePortal(
                        departments: departments, gateway: gateway, client: client,
                        portal: "http://127.0.0.1:\(port)/portal"))
            }
        }
    }
}
