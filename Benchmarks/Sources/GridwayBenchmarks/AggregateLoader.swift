import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore

/// Loads generated reports into a real SQLite store through `SQLiteStore.submit` with the contract's
/// aggregate plan, as the server's accept path does, keeping many submissions in flight so the
/// store's group committer batches them as it does under HTTP load.
///
/// A share of the submissions are corrections of an earlier accepted one (same unit and period),
/// which subtract the superseded figures again.
struct AggregateLoader {
    let store: SQLiteStore
    let contract: Contract
    let tree: OrgUnitTree
    let credential: Credential
    let grids: [String]
    let periods: [String]

    /// An accepted submission that a later one may correct.
    struct Accepted: Sendable {
        var id: String
        var unit: String
        var period: String
        var minutes: Int64
    }

    /// What a load stored: the figures the root's aggregate of each period must show.
    struct Totals {
        var submissions = 0
        var corrections = 0
        /// Accepted (not superseded) submissions per period.
        var accepted: [String: Int] = [:]
        /// Their summed `durationMinutes` per period.
        var minutes: [String: Int64] = [:]
    }

    /// Submits `count` reports, a `correctionShare` of them corrections, `inFlight` at a time;
    /// calls `progress` with the number stored so far after each one.
    func load(count: Int, correctionShare: Double, inFlight: Int, seed: UInt64, progress: (Int) -> Void)
        async throws -> Totals
    {
        var reports = AggregateReports(seed: seed)
        var totals = Totals()
        var correctable: [Accepted] = []
        correctable.reserveCapacity(count)
        try await withThrowingTaskGroup(of: Accepted.self) { group in
            var (started, finished) = (0, 0)
            while finished < count {
                while started < count && started - finished < inFlight {
                    var earlier: Accepted?
                    if !correctable.isEmpty && reports.chance(correctionShare) {
                        correctable.swapAt(reports.number(in: 0..<correctable.count), correctable.count - 1)
                        earlier = correctable.removeLast()
                    }
                    let unit = earlier?.unit ?? grids[reports.number(in: 0..<grids.count)]
                    let period = earlier?.period ?? periods[reports.number(in: 0..<periods.count)]
                    let district = String(unit.prefix(OrgUnitLevel.district.codeLength))
                    let data = reports.report(
                        district: district, districtName: tree.unit(district)?.name ?? "和平区", period: period)
                    let minutes = data["durationMinutes"]?.int64Value ?? 0
                    if let earlier {
                        totals.corrections += 1
                        totals.minutes[period, default: 0] -= earlier.minutes
                    } else {
                        totals.accepted[period, default: 0] += 1
                    }
                    totals.minutes[period, default: 0] += minutes
                    let request = SubmissionRequest(
                        contract: contract.ref, unit: unit, period: period, data: data, supersedes: earlier?.id)
                    let key = "aggregates-load-\(seed)-\(started)"
                    group.addTask { [self] in
                        try await submit(request, idempotencyKey: key, minutes: minutes)
                    }
                    started += 1
                }
                guard let accepted = try await group.next() else { break }
                correctable.append(accepted)
                finished += 1
                progress(finished)
            }
        }
        totals.submissions = count
        return totals
    }

    /// Validates and stores one report as the accept path does.
    private func submit(_ request: SubmissionRequest, idempotencyKey: String, minutes: Int64) async throws -> Accepted {
        let errors = contract.validate(request.data)
        guard errors.isEmpty else {
            throw BenchmarkError("a generated report is invalid: \(errors.map(\.message)) in \(request.data)")
        }
        let plan = AggregatePlan(contract: contract, unit: request.unit, tree: tree)
        let outcome = try await store.submit(
            request, idempotencyKey: idempotencyKey, by: credential, targets: [], aggregation: plan)
        guard case .accepted(let submission, _) = outcome else {
            throw BenchmarkError("submission \(idempotencyKey) was not accepted: \(outcome)")
        }
        return Accepted(id: submission.id, unit: request.unit, period: request.period ?? "", minutes: minutes)
    }
}
