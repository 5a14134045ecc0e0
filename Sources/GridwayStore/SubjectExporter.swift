import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// Everything Gridway holds about one subject, and where it went, for the subject's access request
/// (PIPL Art. 45): the work of `gridway subjects export` and `POST /v1/subjects/exports`.
///
/// The subject is found by a ``SubjectLookup``, as for an erasure. The answer holds each report as
/// stored — its personal values included, since they are the subject's own — with its deliveries,
/// so hand it to the subject alone. The access is audited (`subject.exported`) with its reason and
/// the number of reports, never a value.
public struct SubjectExporter: Sendable {
    /// The store to read.
    public var store: any Store
    /// The contracts, to know which identify their subject by the element.
    public var catalog: ContractCatalog

    /// Creates an exporter.
    public init(store: any Store, catalog: ContractCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// Every report about the subject whose `element` is `value`, and its deliveries, newest first, as
    /// of `now`; the access is audited as done by `actor` on the given `grounds`.
    ///
    /// - Throws: ``SubjectLookupError`` when no contract identifies its subject by `element` alone,
    ///   or `value` is blank.
    public func export(element: String, value: String, grounds: String, by actor: String, at now: Date)
        async throws -> JSONValue
    {
        let (found, deliveries) = try await SubjectLookup(store: store, catalog: catalog)
            .reports(element: element, value: value)
        try await store.recordAccess(
            actor: actor, action: "subject.exported", subject: element,
            detail: ["reason": .string(grounds), "reports": .integer(Int64(found.count))])
        return [
            "element": .string(element),
            "value": .string(value.trimmingCharacters(in: .whitespacesAndNewlines)),
            "exportedAt": .string(now.formatted(.iso8601)),
            "reports": .array(found.map { Self.json($0, deliveries: deliveries[$0.id] ?? []) }),
        ]
    }

    /// One report as stored, with where it went.
    private static func json(_ submission: Submission, deliveries: [Delivery]) -> JSONValue {
        .object(
            submission.place.merging(
                [
                    "status": .string(submission.status.rawValue),
                    "erasedAt": submission.erasedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
                    "data": submission.request.data,
                    "deliveries": .array(
                        deliveries.map { delivery in
                            [
                                "target": .string(delivery.target), "state": .string(delivery.state.rawValue),
                                "receipt": delivery.receipt.map(JSONValue.string) ?? .null,
                                "deliveredAt": delivery.deliveredAt.map { .string($0.formatted(.iso8601)) } ?? .null,
                            ]
                        }),
                ] as OrderedDictionary<String, JSONValue>
            ) { $1 })
    }
}
