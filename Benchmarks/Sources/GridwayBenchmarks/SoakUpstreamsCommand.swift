import ArgumentParser
import Foundation
import GridwayJSON
import GridwayStandIns

/// `GridwayBenchmarks soak-upstreams`: the two upstreams of `soak.sh`, flapping, each logging every
/// request it receives so the script can count deliveries lost and duplicates.
struct SoakUpstreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak-upstreams",
        abstract: "Serve two flapping upstreams on loopback until killed, logging what they receive.",
        discussion: """
            Prints `json <base URL>` (JSONDepartment, for civil-affairs-elderly) and `form <base URL>` \
            (FormDepartment, for bench-form-elderly). Each is up for --up seconds, then down for --down \
            seconds — answering 503 with Retry-After: 2, then 500, then hanging 12 s (past the 5 s timeout \
            soak.sh gives its targets, so Gridway retries what the upstream did receive), in turn — the form upstream half \
            a cycle after the JSON one. Creating the file <log>/steady stops the flapping for good. Every \
            second each upstream appends one line per request received to <log>/<name>.log: the submission \
            id its body names and its Idempotency-Key.
            """)

    @Option(help: "Folder of the request logs.")
    var log: String

    @Option(help: "Seconds each upstream is up in a cycle.")
    var up = 45

    @Option(help: "Seconds each upstream is down in a cycle.")
    var down = 15

    func run() async throws {
        let folder = URL(fileURLWithPath: log, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let json = try await JSONDepartment(receiptPrefix: "MZ").start()
        let form = try await FormDepartment(receiptPrefix: "BF").start()
        let upstreams = [
            SoakUpstream(name: "json", control: json.control, offset: 0) { $0.json?["serialNo"]?.stringValue },
            SoakUpstream(name: "form", control: form.control, offset: (up + down) / 2) {
                $0.form?["ywbh"]?.stringValue
            },
        ]
        FileHandle.standardOutput.write(Data("json \(json.baseURL)\nform \(form.baseURL)\n".utf8))
        let faults: [StandInFault] = [.unavailable(retryAfter: 2), .serverError, .hang(.seconds(12))]
        let logs = try upstreams.map { upstream in
            let url = folder.appendingPathComponent("\(upstream.name).log")
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw ValidationError("cannot create \(url.path)")
            }
            return try FileHandle(forWritingTo: url)
        }
        let steady = folder.appendingPathComponent("steady").path
        let started = ContinuousClock.now
        var down = Array(repeating: false, count: upstreams.count)
        while true {
            try await Task.sleep(for: .seconds(1))
            let elapsed = Int((ContinuousClock.now - started).components.seconds)
            let flapping = !FileManager.default.fileExists(atPath: steady)
            for (index, upstream) in upstreams.enumerated() {
                let position = elapsed + upstream.offset
                let shouldBeDown = flapping && position % (up + self.down) >= up
                if shouldBeDown != down[index] {
                    down[index] = shouldBeDown
                    if shouldBeDown {
                        upstream.control.failAlways(faults[(position / (up + self.down)) % faults.count])
                    } else {
                        upstream.control.recover()
                    }
                }
                let lines = upstream.control.takeRequests().map { request in
                    "\(upstream.submissionID(request) ?? "-") \(request.header("Idempotency-Key") ?? "-")\n"
                }
                logs[index].write(Data(lines.joined().utf8))
            }
        }
    }
}

/// One upstream of the soak run: its control, its place in the flapping cycle, and how to read the
/// submission id out of a request's body.
struct SoakUpstream: Sendable {
    let name: String
    let control: StandInControl
    let offset: Int
    let submissionID: @Sendable (ReceivedRequest) -> String?
}
