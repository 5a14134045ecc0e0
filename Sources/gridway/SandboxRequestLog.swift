import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStandIns
import OrderedCollections

/// A line for every request a sandbox system received, each told once: what `gridway demo` and
/// `gridway sandbox` print so the reader sees a report reach each system.
struct SandboxRequestLog: Sendable {
    let systems: [SandboxSystem]
    /// The system names, by adapter id; an adapter missing here is named by its id.
    let titles: [String: String]
    /// How many requests of each system were told.
    private var told: [Int]

    init(systems: [SandboxSystem], titles: [String: String] = [:]) {
        self.systems = systems
        self.titles = titles
        told = Array(repeating: 0, count: systems.count)
    }

    /// The lines for the requests received since the last call.
    mutating func newLines() -> [String] {
        var lines: [String] = []
        for (index, system) in systems.enumerated() {
            let requests = system.control.requests
            lines += requests.dropFirst(told[index]).map { describe($0, at: system) }
            told[index] = requests.count
        }
        return lines
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
