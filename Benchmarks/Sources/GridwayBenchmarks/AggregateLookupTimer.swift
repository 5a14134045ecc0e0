import GridwayCore
import GridwaySQLite
import GridwayStore

/// Times the store lookups `GET /v1/aggregates` makes, in process and without HTTP, for random
/// units of one level: the totals, the totals and each child's (`by=child`), and the totals and
/// the figures per value of a dimension.
struct AggregateLookupTimer {
    let store: SQLiteStore
    let contract: ContractRef
    let tree: OrgUnitTree
    let periods: [String]
    let dimension: String

    /// The breakdowns timed, as `by=` names them (`""` for none).
    static let breakdowns = ["", "child", "dimension"]

    /// p50 and p99 in microseconds of `samples` lookups per breakdown, in ``breakdowns`` order.
    func percentiles(units: [String], samples: Int, random: inout AggregateRandom) async throws -> [(Double, Double)] {
        var results: [(Double, Double)] = []
        let clock = ContinuousClock()
        for breakdown in Self.breakdowns {
            var micros: [Double] = []
            micros.reserveCapacity(samples)
            for _ in 0..<samples {
                let unit = units[Int.random(in: 0..<units.count, using: &random)]
                let period = periods[Int.random(in: 0..<periods.count, using: &random)]
                let start = clock.now
                let totals = try await store.aggregates(
                    contract: contract, period: period, units: [unit], dimension: nil)
                switch breakdown {
                case "child":
                    _ = try await store.aggregates(
                        contract: contract, period: period, units: tree.children(of: unit).map(\.code), dimension: nil)
                case "dimension":
                    _ = try await store.aggregates(
                        contract: contract, period: period, units: [unit], dimension: dimension)
                default:
                    break
                }
                let elapsed = clock.now - start
                guard !totals.isEmpty || units.count > 1 else {
                    throw BenchmarkError("no aggregate for \(unit) in \(period): was anything loaded?")
                }
                micros.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            micros.sort()
            results.append((micros[micros.count / 2], micros[min(micros.count - 1, micros.count * 99 / 100)]))
        }
        return results
    }
}
