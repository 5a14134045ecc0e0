import Foundation
import GridwayCore
import GridwayStore
import ServiceLifecycle

/// Prints, while the demo runs, a line for every request a sandbox system receives and one for
/// every delivery that is delivered, retried or dead, so the newcomer sees a report reach each system.
struct DemoWatcher: Service {
    let systems: [SandboxSystem]
    /// The system names, by adapter id.
    let titles: [String: String]
    let store: any Store

    /// Watches until the service group shuts down (or the task is cancelled), then reports what came
    /// since its last look: it stops after the application, so nothing the application did goes unsaid.
    func run() async {
        var requests = SandboxRequestLog(systems: systems, titles: titles)
        var reported: [String: (DeliveryState, Int)] = [:]
        func reportNews() async {
            for line in requests.newLines() { Console.say(line) }
            let deliveries = (try? await store.deliveries(matching: DeliveryQuery(limit: 100)).items) ?? []
            for delivery in deliveries.reversed() where [.delivered, .retrying, .dead].contains(delivery.state) {
                guard reported[delivery.id].map({ $0 != (delivery.state, delivery.attempts) }) ?? true else { continue }
                reported[delivery.id] = (delivery.state, delivery.attempts)
                Console.say(describe(delivery))
            }
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await reportNews()
            try? await Task.sleep(for: .milliseconds(100))
        }
        await reportNews()
    }

    /// `✓ civil-affairs-elderly delivered, receipt MZ000001 (attempt 1, 35 ms after acceptance)`.
    func describe(_ delivery: Delivery) -> String {
        let attempt = "attempt \(delivery.attempts)"
        switch delivery.state {
        case .delivered:
            let lag =
                delivery.deliveredAt.map {
                    ", \(Int(($0.timeIntervalSince(delivery.createdAt) * 1000).rounded())) ms after acceptance"
                } ?? ""
            return
                "✓ \(delivery.target) delivered \(delivery.subject), receipt \(delivery.receipt ?? "none") (\(attempt)\(lag))"
        case .dead:
            return
                "✗ \(delivery.target) gave up on \(delivery.subject) (\(attempt)): \(delivery.lastError ?? "no reason")"
        default:
            return
                "… \(delivery.target) will retry \(delivery.subject) (\(attempt)): \(delivery.lastError ?? "no reason")"
        }
    }
}
