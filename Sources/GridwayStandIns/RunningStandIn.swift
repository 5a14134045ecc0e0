/// A stand-in that is serving: where to reach it, and how to stop it.
public struct RunningStandIn<S: StandIn>: Sendable {
    /// The stand-in, with its control.
    public let standIn: S
    /// The address it listens on, e.g. `127.0.0.1` or `0.0.0.0`.
    public let host: String
    /// The bound port.
    public let port: Int
    private let task: Task<Void, any Error>

    init(standIn: S, host: String, port: Int, task: Task<Void, any Error>) {
        self.standIn = standIn
        self.host = host
        self.port = port
        self.task = task
    }

    /// `http://<host>:<port>`, with 127.0.0.1 for a wildcard address (`0.0.0.0`, `::`) and an IPv6
    /// address in brackets.
    public var baseURL: String {
        let reachable = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return "http://\(reachable.contains(":") ? "[\(reachable)]" : reachable):\(port)"
    }

    /// What the stand-in received and how it misbehaves.
    public var control: StandInControl { standIn.control }

    /// Stops serving, dropping open connections and requests still in progress; returns once it stopped.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
