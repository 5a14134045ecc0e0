import Foundation
import GridwayCore
import GridwayJSON

/// Erases the personal data Gridway holds about one subject at the subject's request (PIPL Art. 47):
/// the work of `gridway subjects erase` and `POST /v1/subjects/erasures`.
///
/// The subject is found by a ``SubjectLookup``. Each report found loses its personal fields in one
/// audited transaction, as when its retention ends; the answer lists every report and every upstream
/// system that received it, with its receipt, so the operator can pass the request on.
public struct SubjectEraser: Sendable {
    /// The store to erase in.
    public var store: any Store
    /// The contracts, to know each report's personal fields.
    public var catalog: ContractCatalog

    /// Creates an eraser.
    public init(store: any Store, catalog: ContractCatalog) {
        self.store = store
        self.catalog = catalog
    }

    /// Finds and erases every report about the subject whose `element` is `value`, audited as done
    /// by `actor` at `now` on the given `grounds` (e.g. the request's reference number).
    ///
    /// - Throws: ``SubjectLookupError`` when no contract identifies its subject by `element` alone,
    ///   or `value` is blank.
    public func erase(element: String, value: String, grounds: String, by actor: String, at now: Date) async throws
        -> SubjectErasureReport
    {
        let (found, deliveries) = try await SubjectLookup(store: store, catalog: catalog)
            .reports(element: element, value: value)
        var erasures: [PersonalDataErasure] = []
        var places: [SubjectErasureReport.Place] = []
        for submission in found {
            let contract = catalog.contract(submission.request.contract)
            let erasure = contract.map {
                PersonalDataErasure(of: submission, under: $0, reason: .subjectRequest(grounds))
            }
            if let erasure { erasures.append(erasure) }
            places.append(
                SubjectErasureReport.Place(
                    submission: submission, erasedFields: erasure?.erasedFields,
                    deliveries: deliveries[submission.id] ?? []))
        }
        let erased = Set(erasures.isEmpty ? [] : try await store.erasePersonalData(erasures, by: actor, at: now))
        for index in places.indices where !erased.contains(places[index].submission.id) {
            places[index].erasedFields = nil
        }
        return SubjectErasureReport(element: element, places: places)
    }
}

/// What an erasure on request found and did.
public struct SubjectErasureReport: Sendable, Hashable {
    /// One report about the subject.
    public struct Place: Sendable, Hashable {
        /// The report as it was found (its data still holding the personal values: show only ids).
        public var submission: Submission
        /// The pointers erased; `nil` when it was not erased (its contract is no longer in the catalog).
        public var erasedFields: [JSONPointer]?
        /// Its deliveries: the upstream systems it went to, each with its state and receipt.
        public var deliveries: [Delivery]
    }

    /// The element the subject was named by.
    public var element: String
    /// Every report found, newest first.
    public var places: [Place]

    /// The deliveries upstream systems acknowledged, which hold the subject's data beyond Gridway.
    public var deliveredUpstream: [Delivery] {
        places.flatMap(\.deliveries).filter { $0.state == .delivered }
    }
}
