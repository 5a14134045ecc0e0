import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridway sandbox`: the stand-in systems of `gridway demo` on their own, for Gridway processes
/// elsewhere (other terminals, containers) to deliver to, until SIGTERM or SIGINT.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a stand-in for every shipped adapter's system, for Gridway replicas to deliver to.",
        discussion: """
            Starts the stand-ins of `gridway demo` (real HTTP servers, each speaking its system's format \
            and checking its demo credentials) at consecutive ports from --port-base, prints each one's URL \
            and the environment variables a Gridway needs to target them (KEY=value lines, as in an env \
            file), then a line for every request a system receives, until SIGTERM or SIGINT. A target's \
            Standard Webhooks signing secret is taken from GRIDWAY_SIGNING_SECRETS_<TARGET> when set (give \
            the replicas the same), else made for this run and printed. They are not the real systems: never \
            point a production Gridway at them.
            """)

    @Option(name: .long, help: "Address the systems listen on (0.0.0.0 in a container).")
    var host = "127.0.0.1"

    @Option(
        name: .long,
        help: "Port of the first system, the others following it (9101: the adapters' defaults; 0: any free ports).")
    var portBase = 9101

    @Option(
        name: .long,
        help: "Host name Gridway reaches the systems by, in the URLs printed (default: --host; 0.0.0.0: 127.0.0.1).")
    var advertisedHost: String?

    func validate() throws {
        guard (0...65535).contains(portBase) else { throw ValidationError("--port-base must be between 0 and 65535.") }
        guard advertisedHost?.isEmpty != true else { throw ValidationError("--advertised-host must not be empty.") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let sandbox = try await Sandbox.start(host: host, portBase: portBase, advertisedHost: advertisedHost)
        Console.say(Self.guide(sandbox))
        do {
            try await ServiceGroup(
                configuration: .init(
                    services: [ClosureService { await Self.tellRequests(to: sandbox) }],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "gridway.sandbox"))
            ).run()
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
        Console.say("Sandbox stopped.")
    }

    /// Prints a line for every request the systems receive, until the group shuts down gracefully.
    private static func tellRequests(to sandbox: Sandbox) async {
        var requests = SandboxRequestLog(systems: sandbox.systems)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            for line in requests.newLines() { Console.say(line) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        for line in requests.newLines() { Console.say(line) }
    }

    /// What the command prints once every system listens: the systems, then the environment for a
    /// Gridway (one `KEY=value` line each, sorted), then how to stop.
    static func guide(_ sandbox: Sandbox) -> String {
        var lines = [
            "Gridway sandbox: a stand-in for every system the shipped adapters talk to "
                + "(demo credentials, not the real systems).",
            "",
            "Systems:",
        ]
        for system in sandbox.systems {
            lines.append("  \(system.adapter)  \(system.baseURL)  (listening on \(system.listening))")
            lines.append("      \(system.speaks)")
        }
        lines += ["", "Environment for a Gridway that delivers to them (KEY=value, as in an env file):"]
        for (name, value) in sandbox.settings.sorted(by: { $0.key < $1.key })
        where !sandbox.givenSecrets.contains(name) {
            lines.append("\(name)=\(value)")
        }
        if !sandbox.givenSecrets.isEmpty {
            lines += ["", "Signing secrets taken from this process's environment (give Gridway the same):"]
            lines += sandbox.givenSecrets.sorted().map { "  \($0)" }
        }
        lines += ["", "Sandbox ready; SIGTERM or Ctrl-C stops it."]
        return lines.joined(separator: "\n")
    }
}
