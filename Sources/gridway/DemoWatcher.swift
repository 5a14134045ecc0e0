import Foundation
import GridwayAdapters
import GridwayCore
import GridwayStandIns
import GridwayStore

/// Prints, while the demo runs, a line for every request a sandbox system receives and one for
/// every delivery that is delivered, retried or dead, so the newcomer sees a report reach each system.
struct DemoWatcher: Sendable {
    let systems: [SandboxSystem]
    /// The system names, by adapter id.
    let titles: [String: String]
    let store: any Store

    /// Watches until cancelled.
    func run() async {
        var seen = Array(repeating: 0, count: systems.count)
        var reported: [String: (DeliveryState, Int)] = [:]
        while !Task.isCancelled {
            for (index, system) in systems.enumerated() {
                let requests = system.control.requests
                for request in requests.dropFirst(seen[index]) { Console.say(describe(request, at: system)) }
                seen[index] = requests.count
            }
            let deliveries = (try? await store.deliveries(matching: DeliveryQuery(limit: 100)).items) ?? []
            for delivery in deliveries.reversed() where [.delivered, .retrying, .dead].contains(delivery.state) {
                guard reported[delivery.id].map({ $0 != (delivery.state, delivery.attempts) }) ?? true else { continue }
                reported[delivery.id] = (delivery.state, delivery.attempts)
                Console.say(describe(delivery))
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// `→ 沈阳市民政局… received POST /api/v1/elderly/visits for submission 019a… (JSON, 14 fields)`.
    func describe(_ request: ReceivedRequest, at system: SandboxSystem) -> String {
        let target = request.rawQuery.isEmpty ? request.path : request.path + "?" + request.rawQuery
        var line = "→ \(titles[system.adapter] ?? system.adapter) received \(request.method) \(target)"
        if let key = request.header("Idempotency-Key"), key.hasPrefix("gridway:") {
            line += " for submission \(key.split(separator: ":").dropFirst().first ?? "")"
        }
        let charset = request.header("Content-Type").flatMap(Charset.init(contentType:)) ?? .utf8
        if !request.body.isEmpty,
            let body = try? system.format.decode(request.body, options: BodyFormatOptions(charset: charset))
        {
            line += " (\(system.format.rawValue.uppercased()), \(Self.fieldCount(body)) fields)"
        }
        return line
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

    /// The number of values in a decoded body; an array of scalars counts as one field.
    static func fieldCount(_ value: JSONValue) -> Int {
        switch value {
        case .object(let members): members.values.reduce(0) { $0 + fieldCount($1) }
        case .array(let items) where items.contains(where: { $0.objectValue != nil || $0.arrayValue != nil }):
            items.reduce(0) { $0 + fieldCount($1) }
        default: 1
        }
    }
}
