import Foundation
import GridwayCore

/// Erases the personal fields of every stored submission whose contract's retention has ended:
/// the work of `gridway retention run`.
///
/// A contract's retention is its `x-gridway-retention`, else the configured default; a contract
/// with personal fields and neither keeps them and is reported as such. Submissions are erased in
/// batches, each batch in one transaction with its audit entries, so an interrupted run leaves no
/// half-erased submission and the next run carries on where it stopped; a run with nothing due
/// changes nothing.
public struct RetentionJob: Sendable {
    /// The store to erase in.
    public var store: any RetentionStore
    /// The contracts whose submissions are examined.
    public var contracts: [Contract]
    /// The retention of contracts that declare none, from the configuration; `nil` when there is none.
    public var defaultRetention: CalendarDuration?
    /// How many submissions one transaction erases.
    public var batchSize: Int
    /// The share of the time a run may hold the store's writer, which submissions arriving meanwhile
    /// wait for: after each batch the run pauses `(1 - share) / share` times as long as the batch took
    /// (by ``clock``). `nil`: batch after batch, as fast as the store goes (a run by hand).
    public var writerShare: Double?
    /// Times the batches and the pauses between them.
    public var clock: any GridwayClock

    /// How `gridway serve`'s daily run goes: batches of 100 holding the writer a tenth of the time,
    /// so submissions keep nine tenths of it (see `Benchmarks/retention.sh`).
    public static let background = (batchSize: 100, writerShare: 0.1)

    /// Creates a job.
    public init(
        store: any RetentionStore, contracts: [Contract], defaultRetention: CalendarDuration?, batchSize: Int = 500,
        writerShare: Double? = nil, clock: any GridwayClock = SystemClock()
    ) {
        self.store = store
        self.contracts = contracts
        self.defaultRetention = defaultRetention
        self.batchSize = batchSize
        self.writerShare = writerShare
        self.clock = clock
    }

    /// Erases everything due at `now`, audited as done by `actor`.
    public func run(at now: Date, by actor: String = "system") async throws -> RetentionReport {
        var report = RetentionReport()
        for contract in contracts where contract.holdsPersonalData {
            guard let retention = contract.retention ?? defaultRetention else {
                report.keptWithoutRetention.append(contract.ref)
                continue
            }
            let cutoff = contract.retentionCutoff(retention, at: now)
            var erased = 0
            if let cutoff { erased = try await erase(contract, past: cutoff, retention: retention, at: now, by: actor) }
            report.contracts.append(
                RetentionReport.ContractErasure(
                    contract: contract.ref, retention: retention, cutoff: cutoff, erased: erased))
        }
        return report
    }

    /// The contracts that still hold, at `now`, a submission whose personal fields are past their
    /// retention: what a run would erase. Empty once a run has done its work.
    public func overdue(at now: Date) async throws -> [ContractRef] {
        var overdue: [ContractRef] = []
        for contract in contracts where contract.holdsPersonalData {
            guard let retention = contract.retention ?? defaultRetention,
                let cutoff = contract.retentionCutoff(retention, at: now)
            else { continue }
            let held = try await store.submissionsHoldingPersonalData(of: contract.ref, pastRetention: cutoff, limit: 1)
            if !held.isEmpty { overdue.append(contract.ref) }
        }
        return overdue
    }

    /// For each contract with personal fields, when its oldest submission still holding them was
    /// received (`nil`: none does): how old the oldest personal value held is.
    public func oldestPersonalData() async throws -> [(contract: ContractRef, receivedAt: Date?)] {
        var oldest: [(contract: ContractRef, receivedAt: Date?)] = []
        for contract in contracts where contract.holdsPersonalData {
            oldest.append((contract.ref, try await store.oldestPersonalData(of: contract.ref)))
        }
        return oldest
    }

    /// Erases the submissions of `contract` past `cutoff`, batch by batch; returns how many.
    private func erase(
        _ contract: Contract, past cutoff: RetentionCutoff, retention: CalendarDuration, at now: Date, by actor: String
    ) async throws -> Int {
        var total = 0
        while true {
            let started = clock.now
            let due = try await store.submissionsHoldingPersonalData(
                of: contract.ref, pastRetention: cutoff, limit: batchSize)
            let erasures = due.map { PersonalDataErasure(of: $0, under: contract, reason: .retentionEnded(retention)) }
            let erased = erasures.isEmpty ? [] : try await store.erasePersonalData(erasures, by: actor, at: now)
            total += erased.count
            // A short batch was the last; an empty result means another run erased the rest meanwhile.
            if due.count < batchSize || erased.isEmpty { return total }
            if let writerShare, writerShare > 0, writerShare < 1 {
                try await clock.sleep(for: (clock.now - started) * ((1 - writerShare) / writerShare))
            }
        }
    }
}

/// What one run of the ``RetentionJob`` did.
public struct RetentionReport: Sendable, Hashable {
    /// The erasures of one contract.
    public struct ContractErasure: Sendable, Hashable {
        /// The contract.
        public var contract: ContractRef
        /// The retention applied: the contract's own, or the configured default.
        public var retention: CalendarDuration
        /// The submissions whose retention has ended; `nil` when none has yet.
        public var cutoff: RetentionCutoff?
        /// How many submissions lost their personal fields in this run.
        public var erased: Int
    }

    /// Every contract with personal fields and a retention, in catalog order.
    public var contracts: [ContractErasure] = []
    /// Contracts with personal fields but no retention, declared or configured: their submissions keep them.
    public var keptWithoutRetention: [ContractRef] = []

    /// How many submissions lost their personal fields in this run.
    public var erased: Int {
        contracts.reduce(0) { $0 + $1.erased }
    }
}
