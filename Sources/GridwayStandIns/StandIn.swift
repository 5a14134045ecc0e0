import Hummingbird
import Logging
import ServiceLifecycle

/// A configurable fake of a legacy or upstream system, served over real HTTP (on 127.0.0.1 unless told otherwise).
///
/// Start one with ``withStandIn(_:_:)`` in a test, or ``start()`` and ``RunningStandIn/stop()``
/// when it must outlive a scope (the demo). Every request is recorded on ``control`` before the
/// stand-in answers it, and ``control`` can make it misbehave.
public protocol StandIn: Sendable {
    /// What the stand-in received and the faults it is told to answer with.
    var control: StandInControl { get }

    /// Adds the stand-in's routes.
    func addRoutes(to router: Router<BasicRequestContext>)
}

extension StandIn {
    /// Serves the stand-in on `host` and `port` (0: a port the system picks); returns once it listens.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> RunningStandIn<Self> {
        let router = Router()
        router.add(middleware: StandInMiddleware(control: control))
        addRoutes(to: router)
        var logger = Logger(label: "gridway.stand-in")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int?.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "stand-in"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(services: [application], logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let reported = await iterator.next(), let port = reported else {
            task.cancel()
            if case .failure(let error) = await task.result { throw error }
            throw StandInError(reason: "the stand-in stopped before it reported a bound port")
        }
        return RunningStandIn(standIn: self, host: host, port: port, task: task)
    }
}

/// Runs `body` with `standIn` serving, and stops it afterwards, whether `body` returns or throws.
public func withStandIn<S: StandIn, Result: Sendable>(
    _ standIn: S, _ body: (RunningStandIn<S>) async throws -> Result
) async throws -> Result {
    let running = try await standIn.start()
    do {
        let result = try await body(running)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}

/// A stand-in could not start.
public struct StandInError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    public var description: String { reason }
}
