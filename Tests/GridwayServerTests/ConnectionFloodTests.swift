import Foundation
import GridwayServer
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that send nothing cannot lock other clients out: one address holds at most its share of
/// the connections, and a connection that never sends its head is closed after the head timeout, counted
/// from when it opened. The first test holds more silent connections than the server's slots, at a tenth
/// of the defaults (110 connections, 100 slots, 13 per address): 1 100 at once pushed the test process's
/// descriptors past 1 024, where Foundation's `select`-based socket code (used by other suites running
/// beside it) writes out of bounds, and crashed a CI run.
@Suite(.timeLimit(.minutes(3))) struct ConnectionFloodTests {
    private static let silentCount = 110

    /// The gateway's services with `edit` applied to their limits.
    private func services(_ gateway: TestGateway, _ edit: (inout ServerLimits) -> Void) -> GridwayServices {
        var services = gateway.services
        edit(&services.configuration.limits)
        return services
    }

    /// Raises this process's open-file limit so that it can hold both ends of every connection (the
    /// server runs in the test process): the silent connections twice over, and room for the rest.
    private func allowOpenFiles() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let needed = rlim_t(Self.silentCount * 2 + 1024)
        guard limit.rlim_cur < needed else { return }
        try #require(limit.rlim_max >= needed, "the hard open-file limit \(limit.rlim_max) is below \(needed)")
        limit.rlim_cur = needed
        try #require(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
    }

    /// Asks for `/healthz` from `127.0.0.1` on a fresh connection; whether it was answered 200.
    private func served(port: Int) async -> Bool {
        guard let connection = try? RawConnection(port: port),
            (try? connection.send("GET /healthz HTTP/1.1\r\nHost: gridway\r\nConnection: close\r\n\r\n")) != nil
        else { return false }
        return await connection.readUntilClosed(timeout: .seconds(30)).text.contains("200 OK")
    }

    @Test func thePerAddressLimitIsASettingThatCanBeTurnedOff() throws {
        #expect(ServerLimits().maxConnectionsPerAddress == 128)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "maxConnectionsPerAddress: off\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try GridwayConfiguration.load(file: file.path, environment: [:]).limits.maxConnectionsPerAddress == nil)
        let set = try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_MAX_CONNECTIONS_PER_ADDRESS": "16"])
        #expect(set.limits.maxConnectionsPerAddress == 16)
        #expect(throws: ConfigurationError.self) {
            try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_MAX_CONNECTIONS_PER_ADDRESS": "0"])
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func silentConnectionsFromOneAddressLeaveRoomForEveryoneElse() async throws {
        try allowOpenFiles()
        let gateway = try await TestGateway()
        // Timers that cannot fire during the test: only the per-address limit can leave room.
        let app = buildApplication(
            services(gateway) {
                $0.requestHeadTimeout = .seconds(3600)
                $0.idleTimeout = .seconds(3600)
                $0.maxConnections = 100
                $0.maxConnectionsPerAddress = 13
            })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let silent = try await RawConnection.open(Self.silentCount, port: port) { _ in "127.0.0.2" }
            #expect(
                await served(port: port), "a client from another address is served while 110 connections sit silent")
            withExtendedLifetime(silent) {}
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func silentConnectionsAreClosedAfterTheHeadTimeoutFromWhenTheyOpened() async throws {
        let gateway = try await TestGateway()
        // No per-address limit and an idle timeout that cannot fire during the test: only the head timer
        // can close a silent connection. The numbers are the other test's over ten (100 slots, 110 silent
        // connections): what is shown is the timer, and a second flood of 1 100 at once would only load
        // the machine the other suites share.
        let app = buildApplication(
            services(gateway) {
                $0.maxConnections = 100
                $0.maxConnectionsPerAddress = nil
                $0.requestHeadTimeout = .seconds(1)
                $0.idleTimeout = .seconds(3600)
            })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let silent = try await RawConnection.open(110, port: port) { _ in "127.0.0.2" }
            let (text, closed) = await silent[0].readUntilClosed(timeout: .seconds(60))
            #expect(closed && text.isEmpty, "a connection that sent nothing is closed by the head timer, unanswered")
            var answered = false
            for _ in 0..<60 where !answered {
                answered = await served(port: port)
                if !answered { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(answered, "once the silent connections are closed, another client is served")
            withExtendedLifetime(silent) {}
        }
    }
}
