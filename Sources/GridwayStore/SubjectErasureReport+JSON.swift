import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

extension SubjectErasureReport {
    /// The report as `gridway subjects erase` prints it and `POST /v1/subjects/erasures` answers:
    /// ids, contracts, units, periods, the pointers erased and each delivery — no personal value.
    public var json: JSONValue {
        [
            "element": .string(element),
            "found": .integer(Int64(places.count)),
            "erased": .integer(Int64(places.filter { $0.erasedFields != nil }.count)),
            "places": .array(places.map(\.json)),
            "upstream": .array(
                deliveredUpstream.map { delivery in
                    [
                        "target": .string(delivery.target),
                        "submission": .string(delivery.subject.submissionID ?? ""),
                        "receipt": delivery.receipt.map(JSONValue.string) ?? .null,
                        "deliveredAt": delivery.deliveredAt.map { .string($0.formatted(.iso8601)) } ?? .null,
                    ]
                }),
        ]
    }
}

extension SubjectErasureReport.Place {
    /// One report found: where it is, what was erased, where it went.
    fileprivate var json: JSONValue {
        .object(
            submission.place.merging(
                [
                    "erasedFields": erasedFields.map { .array($0.map { .string($0.description) }) } ?? .null,
                    "deliveries": .array(
                        deliveries.map { delivery in
                            [
                                "target": .string(delivery.target), "state": .string(delivery.state.rawValue),
                                "receipt": delivery.receipt.map(JSONValue.string) ?? .null,
                            ]
                        }),
                ] as OrderedDictionary<String, JSONValue>
            ) { $1 })
    }
}

extension Submission {
    /// Where a report is, as a subject's export and erasure name it: its id, contract, unit, period
    /// and receipt time — no value of its data.
    var place: OrderedDictionary<String, JSONValue> {
        [
            "submission": .string(id),
            "contract": .string(request.contract.description),
            "unit": .string(request.unit),
            "period": request.period.map(JSONValue.string) ?? .null,
            "receivedAt": .string(receivedAt.formatted(.iso8601)),
        ]
    }
}
