import GridwayAdapters
import GridwayStandIns

/// One sandbox system of `gridway demo`: a stand-in serving on loopback in place of the system an
/// adapter talks to.
struct DemoSystem: Sendable {
    /// The adapter that talks to it.
    let adapter: String
    /// What it speaks and how it checks who calls, e.g. `SOAP 1.1 XML, HMAC signature`.
    let speaks: String
    /// The format of the bodies it receives.
    let format: BodyFormat
    /// `http://127.0.0.1:<port>`.
    let baseURL: String
    /// What it received.
    let control: StandInControl
    /// Stops serving.
    let stop: @Sendable () async -> Void

    /// Starts `standIn` as the system of `adapter`.
    static func start<S: StandIn>(_ standIn: S, adapter: String, speaks: String, format: BodyFormat) async throws
        -> DemoSystem
    {
        let running = try await standIn.start()
        return DemoSystem(
            adapter: adapter, speaks: speaks, format: format, baseURL: running.baseURL, control: running.control,
            stop: { await running.stop() })
    }
}
