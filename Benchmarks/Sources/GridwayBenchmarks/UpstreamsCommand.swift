import ArgumentParser
import Foundation
import GridwayAdapters
import GridwayStandIns

/// `GridwayBenchmarks upstreams`: serves the local upstreams of `query-path.sh` and `fanout.sh` on
/// loopback until killed, and writes the request each fan-out adapter sends, for wrk to send directly.
struct UpstreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstreams",
        abstract: "Serve the benchmark upstreams on loopback until killed.",
        discussion: """
            Prints one line per upstream, `<name> <base URL>`: json (JSONDepartment, for civil-affairs-elderly), \
            xml (the 卫健局 SOAP service, for health-commission-visits), form (FormDepartment, for \
            bench-form-elderly) and app (the 社区通 GrassrootsApp, for legacy-community-app). What each \
            received is forgotten every second, so memory stays flat under load.
            """)

    @Option(help: "The repository root (contracts/, adapters/, Benchmarks/adapters/).")
    var repository = "."

    @Option(help: "Write <name>.url, <name>.type and <name>.body of the request each fan-out adapter sends here.")
    var requests: String?

    @Option(help: "The X-App-Key the 社区通 stand-in requires.")
    var appKey = "bench-app-key"

    func run() async throws {
        let json = try await JSONDepartment(receiptPrefix: "MZ").start()
        let xml = try await DemoUpstream.healthCommission.start()
        let form = try await FormDepartment(receiptPrefix: "BF").start()
        let app = try await GrassrootsApp(appKey: appKey).start()
        let upstreams = [("json", json.baseURL), ("xml", xml.baseURL), ("form", form.baseURL)]
        if let requests {
            let folder = URL(fileURLWithPath: requests, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let loaded = try BenchmarkAdapters(
                repository: URL(fileURLWithPath: repository),
                urls: [
                    "CIVIL_AFFAIRS_URL": json.baseURL, "HEALTH_COMMISSION_URL": xml.baseURL,
                    "BENCH_FORM_URL": form.baseURL,
                ])
            for ((name, _), adapter) in zip(upstreams, loaded.adapters) {
                let request = try adapter.deliveryRequest(for: loaded.input(for: adapter))
                try Data(request.url.utf8).write(to: folder.appendingPathComponent("\(name).url"))
                try Data((request.header("Content-Type") ?? "").utf8).write(
                    to: folder.appendingPathComponent("\(name).type"))
                try Data(request.body).write(to: folder.appendingPathComponent("\(name).body"))
            }
        }
        let lines = (upstreams + [("app", app.baseURL)]).map { "\($0) \($1)\n" }.joined()
        FileHandle.standardOutput.write(Data(lines.utf8))
        let controls = [json.control, xml.control, form.control, app.control]
        while true {
            try await Task.sleep(for: .seconds(1))
            for control in controls { control.reset() }
        }
    }
}
