import Foundation
import GridwayPostgres
import Logging
import PostgresNIO

/// A fresh PostgreSQL database for one test, on the server `GRIDWAY_TEST_POSTGRES_URL` names.
struct TestDatabase: Sendable {
    /// The server tests may create databases on (its user needs CREATEDB), if one is configured.
    static let serverURL = ProcessInfo.processInfo.environment["GRIDWAY_TEST_POSTGRES_URL"]

    /// The new database's URL, for `GRIDWAY_POSTGRES_URL`.
    let url: String
    private let name: String

    /// Creates an empty database named after nothing else.
    static func create() async throws -> TestDatabase {
        let name = "gridway_test_\(UUID().uuidString.prefix(8).lowercased())"
        try await onServer("CREATE DATABASE \(name)")
        guard let server = serverURL, var components = URLComponents(string: server) else {
            throw GatewayProcessError(reason: "GRIDWAY_TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/" + name
        return TestDatabase(url: components.string ?? server, name: name)
    }

    /// Drops the database, ending any session still connected to it; again while an autovacuum worker
    /// is in it (a role without superuser rights may not end that session: 42501).
    func drop() async throws {
        var attempt = 1
        while true {
            do {
                try await Self.onServer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Runs one statement in the server's test database.
    private static func onServer(_ sql: String) async throws {
        guard let serverURL else { throw GatewayProcessError(reason: "GRIDWAY_TEST_POSTGRES_URL is not set") }
        let client = PostgresClient(configuration: try PostgresURL(serverURL).configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
