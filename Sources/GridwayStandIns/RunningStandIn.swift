/// A stand-in that is serving: where to reach it, and how to stop it.
public struct RunningStandIn<S: StandIn>: Sendable {
    /// The stand-in, with its control.
    public let standIn: S
    /// The bound port on 127.0.0.1.
    public let port: Int
    private let task: Task<Void, any Error>

    init(standIn: S, port: Int, task: Task<Void, any Error>) {
        self.standIn = standIn
        self.port = port
        self.task = task
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What the stand-in received and how it misbehaves.
    public var control: StandInControl { standIn.control }

    /// Stops serving, dropping open connections and requests still in progress; returns once it stopped.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
