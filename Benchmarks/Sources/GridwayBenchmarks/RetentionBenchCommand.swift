import ArgumentParser
import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Synchronization

/// `GridwayBenchmarks retention`: the retention job on a SQLite store of `<submissions>` elderly-visit@1
/// reports spread evenly over the 60 months 2021-12 … 2026-11 (`P3Y`): its rate alone, then what it
/// costs submissions made while it runs.
struct RetentionBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Measure the retention job's rate, alone and beside concurrent submissions.",
        discussion: """
            Loads the store, then: (1) runs the job as of 2025-12-07 alone, unpaced as `gridway retention run` \
            does (it erases 2021-12 … 2022-11, a fifth of the reports): erased/s and CPU µs per erasure; \
            (2) submits for <seconds> s alone: submissions/s; (3) starts the job as of 2026-12-07 (the next \
            fifth) paced as `gridway serve` runs it and submits for <seconds> s beside it: submissions/s, and \
            the job's rate meanwhile; then stops the job. Prints one `key value` line per figure.
            """)

    @Option(help: "The repository root (contracts/).")
    var repository = "."

    @Option(help: "The SQLite database to create.")
    var database: String

    @Option(help: "How many submissions to load.")
    var submissions = 1_000_000

    @Option(help: "How long the baseline submission window lasts, in seconds.")
    var seconds = 10

    @Option(help: "How many submissions are in flight at once.")
    var concurrency = 64

    func run() async throws {
        let contracts = URL(fileURLWithPath: repository).appendingPathComponent("contracts")
        let catalog = try ContractCatalog.load(directory: contracts)
        guard let contract = catalog.contract(try ContractRef(parsing: "elderly-visit@1")) else {
            throw BenchmarkError("contracts/ has no elderly-visit@1")
        }
        let store = try SQLiteStore(path: database)
        let months = (0..<60).map { Self.month(2021 * 12 + 11 + $0) }
        let load = try await submitting(to: store, contract: contract, count: submissions, tag: "load") {
            months[$0 % 60]
        }
        print("loaded \(submissions) in \(load.elapsed)")

        let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil)
        let cpuBefore = Self.cpuTime()
        let alone = ContinuousClock.now
        let firstRun = try await job.run(at: try Self.date("2025-12-07T10:00:00Z"))
        let aloneElapsed = ContinuousClock.now - alone
        let aloneCPU = Self.cpuTime() - cpuBefore
        print("alone_erased \(firstRun.erased)")
        print("alone_erased_per_second \(Int(Double(firstRun.erased) / aloneElapsed.timeInterval))")
        print("alone_cpu_us_per_erasure \(String(format: "%.1f", aloneCPU * 1e6 / Double(max(1, firstRun.erased))))")

        let baseline = try await submitting(to: store, contract: contract, for: .seconds(seconds), tag: "base")
        print("baseline_submissions_per_second \(Int(Double(baseline.count) / baseline.elapsed.timeInterval))")

        let counted = CountingRetentionStore(store: store)
        let paced = RetentionJob(
            store: counted, contracts: [contract], defaultRetention: nil, batchSize: RetentionJob.background.batchSize,
            writerShare: RetentionJob.background.writerShare)
        let secondDate = try Self.date("2026-12-07T10:00:00Z")
        let second = Task { try await paced.run(at: secondDate) }
        let concurrent = try await submitting(to: store, contract: contract, for: .seconds(seconds), tag: "during")
        let erasedMeanwhile = counted.erased
        second.cancel()
        _ = try? await second.value
        print("during_erased \(erasedMeanwhile)")
        print("during_erased_per_second \(Int(Double(erasedMeanwhile) / concurrent.elapsed.timeInterval))")
        let rate = Double(concurrent.count) / concurrent.elapsed.timeInterval
        print("during_submissions_per_second \(Int(rate))")
        print(
            "during_over_baseline \(String(format: "%.3f", rate / (Double(baseline.count) / baseline.elapsed.timeInterval)))"
        )
    }

    /// Submits `count` reports (periods from `period`) with ``concurrency`` in flight; how long it took.
    private func submitting(
        to store: SQLiteStore, contract: Contract, count: Int, tag: String, period: @escaping (Int) -> String
    ) async throws -> (count: Int, elapsed: Duration) {
        var next = 0
        return try await submitting(to: store, contract: contract, tag: tag, period: period) {
            defer { next += 1 }
            return next < count
        }
    }

    /// Submits `2026-11` reports for `duration`.
    private func submitting(to store: SQLiteStore, contract: Contract, for duration: Duration, tag: String)
        async throws -> (count: Int, elapsed: Duration)
    {
        let end = ContinuousClock.now + duration
        return try await submitting(
            to: store, contract: contract, tag: tag, period: { _ in "2026-11" }, more: { ContinuousClock.now < end })
    }

    /// Submits reports, `period(index)` each, while `more()` says so, with ``concurrency`` in flight.
    private func submitting(
        to store: SQLiteStore, contract: Contract, tag: String, period: @escaping (Int) -> String,
        more: () -> Bool
    ) async throws -> (count: Int, elapsed: Duration) {
        let credential = Credential(
            id: "key_benchmark", name: "benchmark", role: .staff(unit: "210102001001"), createdAt: Date())
        let started = ContinuousClock.now
        var index = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            while more() {
                if index >= concurrency { try await group.next() }
                let resident = PrefillCommand.resident(index)
                var request = SubmissionRequest(
                    contract: contract.ref, unit: "210102001001", period: period(index),
                    data: resident.report(minutes: 10 + index % 50))
                request.subjectKey = contract.storedSubjectKey(in: request.data)
                let key = "\(tag)-\(index)"
                group.addTask {
                    guard case .accepted = try await store.submit(request, idempotencyKey: key, by: credential)
                    else { throw BenchmarkError("submission \(key) was not accepted") }
                }
                index += 1
            }
            try await group.waitForAll()
        }
        return (index, ContinuousClock.now - started)
    }

    /// `YYYY-MM` of the month counted from year 0.
    private static func month(_ months: Int) -> String {
        String(format: "%04d-%02d", months / 12, months % 12 + 1)
    }

    private static func date(_ text: String) throws -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { throw BenchmarkError("not a date: \(text)") }
        return date
    }

    /// The process's user and system CPU time so far, in seconds.
    private static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// The store the paced job erases in, counting what it erased so far.
private final class CountingRetentionStore: RetentionStore {
    private let store: SQLiteStore
    private let count = Atomic(0)

    init(store: SQLiteStore) {
        self.store = store
    }

    /// Submissions erased so far.
    var erased: Int { count.load(ordering: .relaxed) }

    func submissionsHoldingPersonalData(of contract: ContractRef, pastRetention cutoff: RetentionCutoff, limit: Int)
        async throws -> [Submission]
    {
        try await store.submissionsHoldingPersonalData(of: contract, pastRetention: cutoff, limit: limit)
    }

    func oldestPersonalData(of contract: ContractRef) async throws -> Date? {
        try await store.oldestPersonalData(of: contract)
    }

    func erasePersonalData(_ erasures: [PersonalDataErasure], by actor: String, at now: Date) async throws -> [String] {
        let erased = try await store.erasePersonalData(erasures, by: actor, at: now)
        count.add(erased.count, ordering: .relaxed)
        return erased
    }
}
