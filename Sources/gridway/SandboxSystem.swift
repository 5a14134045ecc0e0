import GridwayAdapters
import GridwayStandIns

/// One system of the sandbox (`gridway sandbox`, `gridway demo`): a stand-in serving in place of the
/// system an adapter talks to.
struct SandboxSystem: Sendable {
    /// The adapter that talks to it.
    let adapter: String
    /// What it speaks and how it checks who calls, e.g. `SOAP 1.1 XML, HMAC signature`.
    let speaks: String
    /// The format of the bodies it receives.
    let format: BodyFormat
    /// Where a Gridway reaches it, e.g. `http://127.0.0.1:9101` or `http://sandbox:9101`.
    let baseURL: String
    /// The address and port it listens on, e.g. `0.0.0.0:9101`.
    let listening: String
    /// What it received.
    let control: StandInControl
    /// Stops serving.
    let stop: @Sendable () async -> Void

    /// Starts `standIn` as the system of `adapter` on `host` and `port` (0: any free port); its
    /// ``baseURL`` names `advertisedHost` when given.
    static func start<S: StandIn>(
        _ standIn: S, adapter: String, speaks: String, format: BodyFormat, host: String, port: Int,
        advertisedHost: String?
    ) async throws -> SandboxSystem {
        guard (0...65535).contains(port) else {
            throw SandboxError(reason: "\(adapter): port \(port) is not between 0 and 65535")
        }
        let running: RunningStandIn<S>
        do {
            running = try await standIn.start(host: host, port: port)
        } catch {
            throw SandboxError(reason: "\(adapter): cannot listen on \(host):\(port): \(error)")
        }
        return SandboxSystem(
            adapter: adapter, speaks: speaks, format: format,
            baseURL: advertisedHost.map { "http://\($0):\(running.port)" } ?? running.baseURL,
            listening: "\(host):\(running.port)", control: running.control, stop: { await running.stop() })
    }
}
