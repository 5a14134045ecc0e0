import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStandIns
import GridwayStore

/// `GridwayBenchmarks prefill`: the world of `prefill.sh` — a SQLite store holding earlier
/// elderly-visit@1 reports in one community's subtree, each stored with its subject key as the
/// server's accept path stores it, and two fetch sources (JSON stand-ins on loopback) serving
/// records about some of the same residents. Serves the sources until killed.
struct PrefillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Load earlier submissions into a store and serve two fetch sources until killed.",
        discussion: """
            Writes <database> (a fresh SQLite store) with <submissions> reports about <subjects> residents, \
            spread over <unit> and the grids below it, and <output>/subjects.txt (one GET /v1/prefill path \
            with a subject per line). Then prints `source <n> <base URL>` for each of the two sources and \
            `ready`, and serves them until killed.
            """)

    @Option(help: "The repository root (contracts/).")
    var repository = "."

    @Option(help: "The SQLite database to create (the server's <data directory>/gridway.sqlite).")
    var database: String

    @Option(help: "The folder subjects.txt is written to.")
    var output: String

    @Option(help: "The community whose subtree holds the reports.")
    var unit = "210102001001"

    @Option(help: "How many earlier submissions to store.")
    var submissions = 100_000

    @Option(help: "How many residents they are about.")
    var subjects = 5_000

    @Option(help: "How many records each source serves (about the first residents).")
    var records = 200

    func run() async throws {
        let contracts = URL(fileURLWithPath: repository).appendingPathComponent("contracts")
        let catalog = try ContractCatalog.load(directory: contracts)
        let tree = try OrgUnitTree.load(contentsOf: contracts.appendingPathComponent("units.json"))
        guard let contract = catalog.contract(try ContractRef(parsing: "elderly-visit@1")) else {
            throw BenchmarkError("contracts/ has no elderly-visit@1")
        }
        let units = tree.units.map(\.code).filter { $0.hasPrefix(unit) }
        guard !units.isEmpty else { throw BenchmarkError("\(unit) is not in contracts/units.json") }
        let store = try SQLiteStore(path: database)
        let credential = Credential(id: "key_benchmark", name: "benchmark", role: .staff(unit: unit), createdAt: Date())
        let people = (0..<subjects).map(Self.resident)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<submissions {
                if index >= 64 { try await group.next() }
                let person = people[index % people.count]
                var request = SubmissionRequest(
                    contract: contract.ref, unit: units[index % units.count], period: "2026-11",
                    data: person.report(minutes: 10 + index % 50))
                request.subjectKey = contract.storedSubjectKey(in: request.data)
                group.addTask {
                    guard
                        case .accepted = try await store.submit(
                            request, idempotencyKey: "prefill-\(index)", by: credential)
                    else { throw BenchmarkError("submission \(index) was not accepted") }
                }
            }
            try await group.waitForAll()
        }
        print("loaded \(submissions) submissions about \(subjects) residents in \(ContinuousClock.now - started)")
        let paths = people.map { "/v1/prefill?contract=elderly-visit@1&unit=\(unit)&subject=\($0.idNumber)" }
        try (paths.joined(separator: "\n") + "\n").write(
            toFile: URL(fileURLWithPath: output).appendingPathComponent("subjects.txt").path, atomically: true,
            encoding: .utf8)
        let sources = try await [0, 1].asyncMap { index in
            try await JSONDepartment(records: people.prefix(records).map { $0.record(unit: unit, source: index) })
                .start()
        }
        for (index, source) in sources.enumerated() { print("source \(index + 1) \(source.baseURL)") }
        print("ready")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// A generated resident: the `index`th ID number (valid for the contract's pattern), a name and a phone.
    struct Resident {
        var idNumber: String
        var name: String
        var phone: String

        /// A valid report about the resident.
        func report(minutes: Int) -> JSONValue {
            [
                "elderName": .string(name), "elderIdNumber": .string(idNumber), "elderPhone": .string(phone),
                "address": "沈阳市和平区太原北街 12 号 3 单元 502 室", "visitDate": "2026-11-05", "visitType": "home",
                "durationMinutes": .integer(Int64(minutes)), "healthStatus": "fair", "needs": [],
                "visitor": ["name": "李晓梅", "role": "grid-worker"],
            ]
        }

        /// The record a source serves about the resident; the second source knows another phone.
        func record(unit: String, source: Int) -> JSONValue {
            [
                "unit": .string(unit), "elderName": .string(name), "elderIdNumber": .string(idNumber),
                "elderPhone": .string(source == 0 ? phone : "024-2345" + phone.suffix(4)),
                "address": "沈阳市和平区太原北街 12 号 3 单元 502 室",
            ]
        }
    }

    static func resident(_ index: Int) -> Resident {
        let day = String(format: "%02d", index % 28 + 1)
        let month = String(format: "%02d", index / 28 % 12 + 1)
        let serial = String(format: "%03d", index / 336 % 1000)
        return Resident(
            idNumber: "210102" + "1940" + month + day + serial + "7", name: "居民\(index)",
            phone: "138" + String(format: "%08d", index))
    }
}

extension Array {
    /// The results of `transform` on each element, in order, one after another.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
