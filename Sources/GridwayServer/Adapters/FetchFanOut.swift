import GridwayAdapters
import GridwayCore
import GridwayJSON

/// Asks every fetch adapter of a contract that covers a unit for records, all at once, each within the
/// per-source timeout, and reports every source, whatever became of it.
///
/// Filters reach only adapters whose grant allows the filtered field (others are skipped), and every
/// record is projected to its adapter's grant before it leaves, so a source cannot pass on a field
/// the contract keeps from it. Gridway then keeps only the records in the asked unit's subtree (for
/// an adapter that says where its records' unit is, see ``RecordUnit``), counting those it drops, and
/// those matching every filter (``RecordFilter``), whatever the source did with the query.
struct FetchFanOut {
    let services: GridwayServices

    /// One result per adapter, in adapter id order.
    func results(for query: FetchQuery, of contract: Contract) async -> [SourceResult] {
        let adapters = services.adapters.adapters(
            with: .fetch, for: query.contract, covering: query.unit, in: services.units)
        return await withTaskGroup(of: (Int, SourceResult).self) { group in
            for (index, adapter) in adapters.enumerated() {
                group.addTask { (index, await result(of: adapter, for: query, of: contract)) }
            }
            var results: [(Int, SourceResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func result(of adapter: any Adapter, for query: FetchQuery, of contract: Contract) async -> SourceResult {
        let id = adapter.descriptor.id
        let start = services.clock.now
        func report(_ status: SourceResult.Status, _ records: [JSONValue] = [], error: String? = nil) -> SourceResult {
            SourceResult(
                adapter: id, status: status, records: records, error: error, elapsed: services.clock.now - start)
        }
        guard let grant = adapter.descriptor.grant(for: query.contract) else {
            return report(.skipped, error: "no grant")
        }
        let withheld = query.parameters.keys.sorted().filter { name in
            contract.fields.first { $0.name == name }.map { !grant.allows($0) } ?? true
        }
        if !withheld.isEmpty {
            return report(
                .skipped,
                error:
                    "not granted the filtered field\(withheld.count == 1 ? "" : "s") \(withheld.joined(separator: ", "))"
            )
        }
        let timeout = services.configuration.fetchTimeout
        let transport = services.transport(for: adapter)
        do {
            let records = try await withTransportTimeout(timeout, reason: "no answer within \(timeout)") {
                try await adapter.fetch(query, through: transport)
            }
            let filter = RecordFilter(values: query.parameters)
            var kept: [JSONValue] = []
            var dropped = 0
            for (index, record) in records.enumerated() {
                guard record.objectValue != nil else {
                    throw AdapterError.unreadableResponse("record \(index) is \(record.typeName), not an object")
                }
                guard isInScope(record, of: adapter.descriptor.recordUnit, query: query) else {
                    dropped += 1
                    continue
                }
                let projected = grant.project(record, of: contract)
                if filter.admits(projected) { kept.append(projected) }
            }
            var result = report(.ok, kept)
            if case .field = adapter.descriptor.recordUnit { result.dropped = dropped }
            return result
        } catch let error as TransportError {
            if error.isTimeout { await services.adapterHealth.recordError(id, error.reason, at: services.clock.date) }
            return report(error.isTimeout ? .timeout : .error, error: error.reason)
        } catch {
            await services.adapterHealth.recordError(id, "\(error)", at: services.clock.date)
            return report(.error, error: "\(error)")
        }
    }

    /// Whether `record` belongs to the asked unit's subtree: always for an adapter whose records are
    /// unit-less or that does not say; never for a record whose unit field is missing or not a code.
    private func isInScope(_ record: JSONValue, of recordUnit: RecordUnit?, query: FetchQuery) -> Bool {
        guard case .field(let name) = recordUnit else { return true }
        guard let unit = record[name]?.stringValue else { return false }
        return services.units.isInSubtree(unit, of: query.unit)
    }
}
