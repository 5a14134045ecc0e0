import Foundation
import GridwayJSON
import OrderedCollections

/// A validated report as the caller sent it, before it is stored.
public struct SubmissionRequest: Sendable, Hashable {
    /// The contract the data follows.
    public var contract: ContractRef
    /// The org unit the report is about.
    public var unit: String
    /// The reporting period, or `nil` for contracts without one.
    public var period: String?
    /// The report itself.
    public var data: JSONValue
    /// The earlier submission this one corrects, if any.
    public var supersedes: String?
    /// The key of the report's subject as stored (``Contract/storedSubjectKey(in:)``; `""` for none),
    /// set on acceptance to find a subject's earlier reports; `nil` when not yet known, to be filled
    /// later. Derived from `data`, so not part of the digest.
    public var subjectKey: String?
    /// The ``Delivery/orderKey`` its deliveries are made with (``Contract/deliveryOrderKey(of:)``), set
    /// on acceptance and not stored with it (the store returns it `nil`); `nil` when it waits for no
    /// other report. Derived, so not part of the digest.
    public var deliveryOrderKey: String?
    /// The ``Delivery/deadline`` its deliveries are made with (``Contract/deliveryDeadline(of:)``),
    /// set on acceptance and not stored with it, like ``deliveryOrderKey``.
    public var deliveryDeadline: Date?

    /// Creates a request.
    public init(contract: ContractRef, unit: String, period: String?, data: JSONValue, supersedes: String? = nil) {
        self.contract = contract
        self.unit = unit
        self.period = period
        self.data = data
        self.supersedes = supersedes
    }

    /// The canonical payload (RFC 8785) whose SHA-256 is the submission's digest.
    public var canonicalPayload: JSONValue {
        var object: [(String, JSONValue)] = [
            ("contract", .string(contract.description)),
            ("unit", .string(unit)),
            ("period", period.map(JSONValue.string) ?? .null),
            ("data", data),
        ]
        if let supersedes { object.append(("supersedes", .string(supersedes))) }
        return .object(.init(uniqueKeysWithValues: object))
    }

    /// `sha256:` followed by the hex SHA-256 of the canonical payload.
    public var digest: String {
        "sha256:" + SHA256Hex.of(canonicalPayload.canonicalBytes())
    }
}
