import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import HTTPTypes
import Logging
import OrderedCollections

/// Stores ingested records through the same path as `POST /v1/submissions`: ``SubmissionIntake`` (the
/// same checks, in the same order, with the same problems), then the store with the idempotency key
/// `ingest:<adapter>:<sourceID>`, so a record sent again is stored once.
///
/// Beyond the caller's scope, a record must be of a contract the adapter handles and about a unit in
/// its jurisdiction. Each record stands alone: a failed one stores nothing and does not stop the others.
struct IngestPipeline {
    /// What became of one record.
    struct Result: Sendable {
        /// The legacy system's record id.
        var sourceID: String
        /// The stored submission and whether it had been stored before, or why the record was refused.
        var outcome: Swift.Result<AcceptedSubmission, Problem>

        /// `{"sourceID", "status": 202, "receipt", "replayed"?}` or `{"sourceID", "status": 4xx, "problem"}`.
        var json: JSONValue {
            switch outcome {
            case .success(let stored):
                var members: [(String, JSONValue)] = [
                    ("sourceID", .string(sourceID)), ("status", 202),
                    ("receipt", SubmissionView.receipt(stored.submission, deliveries: stored.deliveries)),
                ]
                if stored.replayed { members.append(("replayed", true)) }
                return .object(.init(uniqueKeysWithValues: members))
            case .failure(let problem):
                return [
                    "sourceID": .string(sourceID), "status": .integer(Int64(problem.status.code)),
                    "problem": problem.body,
                ]
            }
        }
    }

    let services: GridwayServices

    /// Stores each of `records` from `adapter`, submitted by `credential`.
    func store(_ records: [IngestedRecord], from adapter: any Adapter, as credential: Credential, logger: Logger)
        async throws
        -> [Result]
    {
        var results: [Result] = []
        for record in records {
            do {
                let stored = try await store(record, from: adapter.descriptor, as: credential)
                if !stored.replayed {
                    logger.info(
                        "ingested record accepted",
                        metadata: ["adapter": "\(adapter.descriptor.id)", "submission": "\(stored.submission.id)"])
                }
                results.append(Result(sourceID: record.sourceID, outcome: .success(stored)))
            } catch let problem as Problem {
                results.append(Result(sourceID: record.sourceID, outcome: .failure(problem)))
            }
        }
        return results
    }

    private func store(_ record: IngestedRecord, from adapter: AdapterDescriptor, as credential: Credential)
        async throws
        -> AcceptedSubmission
    {
        guard !record.sourceID.isEmpty else {
            throw Problem.invalidRequest([
                .init(instanceLocation: "/sourceID", message: "the legacy record id is empty")
            ])
        }
        var envelope: [(String, JSONValue)] = [
            ("contract", .string(record.request.contract.description)), ("unit", .string(record.request.unit)),
            ("data", record.request.data),
        ]
        if let period = record.request.period { envelope.append(("period", .string(period))) }
        if let supersedes = record.request.supersedes { envelope.append(("supersedes", .string(supersedes))) }
        let request = try SubmissionIntake(catalog: services.catalog, units: services.units)
            .request(from: .object(.init(uniqueKeysWithValues: envelope)), for: credential)
        guard adapter.grant(for: request.contract) != nil else {
            throw Problem.adapterNotForContract(adapter: adapter.id, contract: request.contract.description)
        }
        guard adapter.covers(unit: request.unit, in: services.units) else {
            throw Problem.forbidden("adapter \(adapter.id) does not cover org unit \(request.unit)")
        }
        let key = "ingest:\(adapter.id):\(record.sourceID)"
        return try await services.accept(request, idempotencyKey: key, by: credential)
    }
}
