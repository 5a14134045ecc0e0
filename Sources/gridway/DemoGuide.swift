import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// What `gridway demo` prints on start: the sandbox, the keys, the portal and its users, and how to submit a
/// report and follow it.
struct DemoGuide: Sendable {
    /// The report the printed curl line submits.
    static let contract = "elderly-visit@1"
    /// Its idempotency key.
    static let idempotencyKey = "demo-elderly-visit-0001"

    let systems: [SandboxSystem]
    /// The system names, by adapter id.
    let titles: [String: String]
    let keys: DemoKeys
    let portalUsers: DemoPortalUsers
    let catalog: ContractCatalog
    let units: OrgUnitTree
    /// The adapters that deliver ``contract`` from ``DemoKeys/staffUnit``.
    let targets: [String]

    /// The sandbox and the keys, printed before Gridway listens.
    func introduction(dataDirectory: String, fresh: Bool) -> String {
        var lines = [
            "Gridway demo: Gridway and a sandbox stand-in for every system its adapters talk to, on this machine only.",
            "Data in \(dataDirectory)/ (\(fresh ? "a fresh database; --keep keeps it between runs" : "kept from earlier runs")).",
            "",
            "Sandbox systems (real HTTP servers on loopback, each speaking its own format):",
        ]
        for system in systems {
            lines.append("  \(titles[system.adapter] ?? system.adapter)")
            lines.append("      \(system.baseURL)  \(system.speaks)  (adapter \(system.adapter))")
        }
        lines += [
            "",
            "Keys created for this run (each shown only here):",
            "  admin key: \(keys.admin)",
            "  staff key for \(DemoKeys.staffUnit) \(unitName(DemoKeys.staffUnit)): \(keys.staff)",
            "  upstream key for \(DemoKeys.upstream.target), jurisdiction \(DemoKeys.upstream.jurisdiction) \(unitName(DemoKeys.upstream.jurisdiction)): \(keys.upstream)",
        ]
        return lines.joined(separator: "\n")
    }

    /// Where Gridway listens, the curl line that submits the contract's first example as the staff
    /// of ``DemoKeys/staffUnit``, and how to follow it.
    func howToTry(baseURL: String) -> String {
        let title = (try? ContractRef(parsing: Self.contract)).flatMap(catalog.contract)?.title ?? Self.contract
        var lines = [
            "",
            "Gridway listening on \(baseURL)",
            "",
            "Web portal: \(baseURL)/portal  (sign in with a username and password below; English with ?lang=en)",
            "  community worker \(portalUsers.worker.displayName) of \(unitName(DemoKeys.staffUnit)) \(DemoKeys.staffUnit): username \(portalUsers.worker.username), password \(portalUsers.worker.password)",
            "  operator \(portalUsers.admin.displayName): username \(portalUsers.admin.username), password \(portalUsers.admin.password)",
            "",
            "Submit one \(Self.contract) report (\(title), the contract's first example) as the staff of \(unitName(DemoKeys.staffUnit)); paste this in another terminal:",
            "",
        ]
        if let report = report() {
            lines.append(
                "curl -sS \(baseURL)/v1/submissions -H 'Authorization: Bearer \(keys.staff)' -H 'Content-Type: application/json' "
                    + "-H 'Idempotency-Key: \(Self.idempotencyKey)' --data-binary \(Self.shellQuoted(report.serializedString()))"
            )
        } else {
            lines.append("(contracts/\(Self.contract).json has no example to submit)")
        }
        lines += [
            "",
            "It answers 202 with a receipt whose deliveries go to \(targets.isEmpty ? "no target" : targets.joined(separator: ", ")).",
            "A line below shows each request as it reaches a system, and each delivery's outcome. Follow the submission by its \"id\":",
            "",
            "curl -sS \(baseURL)/v1/submissions/<id> -H 'Authorization: Bearer \(keys.staff)'",
            "",
            "Every delivery (admin): curl -sS \(baseURL)/v1/deliveries -H 'Authorization: Bearer \(keys.admin)'",
            "Ctrl-C stops Gridway and the sandbox.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// The submission: the contract's first example for ``DemoKeys/staffUnit``, in the month of its visit.
    func report() -> JSONValue? {
        guard let contract = (try? ContractRef(parsing: Self.contract)).flatMap(catalog.contract),
            case .array(let examples)? = contract.schema["examples"], let data = examples.first
        else { return nil }
        let period = data["visitDate"]?.stringValue.map { JSONValue.string(String($0.prefix(7))) } ?? .null
        return [
            "contract": .string(Self.contract), "unit": .string(DemoKeys.staffUnit), "period": period, "data": data,
        ]
    }

    private func unitName(_ code: String) -> String { units.unit(code)?.name ?? "" }

    /// `text` in single quotes for a POSIX shell.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
