import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import Testing

/// The real `gridway serve` on a 24 MiB tmpfs that fills up: submissions are refused with 503 while
/// the disk is full, accepted again once space is freed, and every one acknowledged before, during and
/// after survives a restart with the audit chain intact.
@Suite(.timeLimit(.minutes(5)), .serialized) struct FaultDiskFullTests {
    /// A tmpfs mounted on a fresh folder, unmounted and removed by ``unmount()``.
    struct SmallDisk {
        let mountPoint: URL

        /// Mounts a tmpfs of `size` (such as `24m`); `nil` when that is not allowed here.
        init?(size: String) {
            guard getuid() == 0, let folder = try? temporaryDirectory() else { return nil }
            mountPoint = folder
            guard Self.run("mount", ["-t", "tmpfs", "-o", "size=\(size)", "gridway-test", folder.path]) else {
                try? FileManager.default.removeItem(at: folder)
                return nil
            }
        }

        /// Unmounts the filesystem and removes the folder.
        func unmount() {
            _ = Self.run("umount", ["-l", mountPoint.path])
            try? FileManager.default.removeItem(at: mountPoint)
        }

        /// Writes a file until the filesystem has no room left; returns the file.
        func fill() -> URL {
            let filler = mountPoint.appendingPathComponent("filler")
            guard FileManager.default.createFile(atPath: filler.path, contents: nil),
                let handle = try? FileHandle(forWritingTo: filler)
            else { return filler }
            for size in [1 << 20, 1 << 12, 1 << 9, 1] {
                let chunk = Data(count: size)
                while (try? handle.write(contentsOf: chunk)) != nil {}
            }
            try? handle.close()
            return filler
        }

        private static func run(_ command: String, _ arguments: [String]) -> Bool {
            let process = try? ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments)
            return process?.waitUntilExit() == 0
        }
    }

    /// Whether a tmpfs can be mounted here (as root, with the right to mount).
    static let canMount: Bool = {
        guard let disk = SmallDisk(size: "1m") else { return false }
        disk.unmount()
        return true
    }()

    @Test(.enabled(if: canMount, "needs root and the right to mount a tmpfs"))
    func aFullDiskRefusesSubmissionsWith503AndLosesNothingAcknowledged() async throws {
        let disk = try #require(SmallDisk(size: "24m"))
        defer { disk.unmount() }
        let data = disk.mountPoint.appendingPathComponent("data")
        let server = try await GatewayProcess(dataDirectory: data)
        let admin = try #require(server.adminKey)
        var acknowledged: [String: JSONValue] = [:]
        var sent = 0
        /// Sends the next submission; returns its status and keeps its receipt if it was accepted.
        func submit() async throws -> (status: Int, body: JSONValue) {
            sent += 1
            let reply = try await server.send(
                "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "full-\(sent)"],
                body: try visitReport(minutes: sent))
            if reply.status == 202, let id = reply.body["id"]?.stringValue { acknowledged[id] = reply.body["digest"] }
            return reply
        }
        for _ in 0..<5 { #expect(try await submit().status == 202) }

        let filler = disk.fill()
        var refusals: [JSONValue] = []
        while refusals.count < 3, sent < 2000 {
            let reply = try await submit()
            #expect([202, 503].contains(reply.status), "\(reply.body)")
            if reply.status == 503 { refusals.append(reply.body) }
        }
        try #require(refusals.count == 3, "the full disk refused no submission in \(sent) tries")
        for refusal in refusals {
            #expect(refusal["type"] == "/problems/storage-unavailable")
            #expect(refusal["retryAfter"] == 5)
        }
        let (health, _) = try await server.send("GET", "/healthz", key: nil)
        #expect(health == 200, "the server keeps running on a full disk")

        try FileManager.default.removeItem(at: filler)
        for _ in 0..<5 { #expect(try await submit().status == 202, "accepted again once there is room") }
        await server.terminate()
        #expect(server.exitStatus == 0)

        let restarted = try await GatewayProcess(dataDirectory: data)
        for (id, digest) in acknowledged {
            let (status, stored) = try await restarted.send("GET", "/v1/submissions/\(id)", key: admin)
            #expect(status == 200, "acknowledged submission \(id) was lost")
            #expect(stored["digest"] == digest)
        }
        await restarted.terminate()
        let stored = try await DatabaseQueue(path: data.appendingPathComponent("gridway.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM submission")
        }
        #expect(stored == acknowledged.count, "nothing refused was stored either")
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", data.path])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
