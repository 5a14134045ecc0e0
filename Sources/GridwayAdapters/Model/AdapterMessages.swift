import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// A normalized submission on its way to one upstream, holding only the fields the adapter is granted.
public struct DeliveryInput: Sendable, Hashable {
    /// The submission's id.
    public var submissionID: String
    /// Its contract.
    public var contract: ContractRef
    /// The org unit it is about.
    public var unit: String
    /// Its period, if the contract has one.
    public var period: String?
    /// The report, projected to the granted fields.
    public var data: JSONValue
    /// When Gridway accepted it.
    public var receivedAt: Date
    /// Set when this submission corrects one the upstream already received.
    public var correction: Correction?

    /// The earlier delivery a correction replaces: the original submission and its upstream receipt.
    public typealias Correction = Delivery.Correction

    /// Creates a delivery input.
    public init(
        submissionID: String, contract: ContractRef, unit: String, period: String?, data: JSONValue, receivedAt: Date,
        correction: Correction? = nil
    ) {
        self.submissionID = submissionID
        self.contract = contract
        self.unit = unit
        self.period = period
        self.data = data
        self.receivedAt = receivedAt
        self.correction = correction
    }

    /// The document that mapping expressions read: `$.submission.*`, `$.data.*` and `$.correction.*`.
    public var document: JSONValue {
        var submission: [(String, JSONValue)] = [
            ("id", .string(submissionID)), ("contract", .string(contract.description)), ("unit", .string(unit)),
            ("period", period.map(JSONValue.string) ?? .null),
            ("receivedAt", .string(receivedAt.formatted(.iso8601))),
        ]
        submission.append(("isCorrection", .bool(correction != nil)))
        var members: [(String, JSONValue)] = [
            ("submission", .object(.init(uniqueKeysWithValues: submission))), ("data", data),
        ]
        if let correction {
            members.append(
                (
                    "correction",
                    .object([
                        "originalSubmissionID": .string(correction.originalSubmissionID),
                        "originalReceipt": correction.originalReceipt.map(JSONValue.string) ?? .null,
                    ])
                ))
        }
        return .object(.init(uniqueKeysWithValues: members))
    }
}

/// What became of one delivery attempt, as the adapter reads the upstream's answer.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The upstream took it; `receipt` is its own reference number, if it returns one.
    case delivered(receipt: String?)
    /// A transient failure: try again, after `after` when the upstream said so (`Retry-After`).
    case retry(reason: String, after: Duration?)
    /// A permanent refusal: retrying the same request cannot help.
    case rejected(reason: String)
}

/// A unified query for records of one contract about one unit (and its subtree).
public struct FetchQuery: Sendable, Hashable {
    /// The contract whose fields the records are normalized to.
    public var contract: ContractRef
    /// The org unit asked about.
    public var unit: String
    /// Further filters, e.g. `elderIdNumber`, by contract field name.
    public var parameters: [String: String]

    /// Creates a query.
    public init(contract: ContractRef, unit: String, parameters: [String: String] = [:]) {
        self.contract = contract
        self.unit = unit
        self.parameters = parameters
    }

    /// The document that request templates read: `$.query.contract`, `$.query.unit`, `$.query.<parameter>`.
    public var document: JSONValue {
        var query: [(String, JSONValue)] = [("contract", .string(contract.description)), ("unit", .string(unit))]
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) where name != "contract" && name != "unit" {
            query.append((name, .string(value)))
        }
        return .object(["query": .object(.init(uniqueKeysWithValues: query))])
    }
}

/// A webhook call from a legacy app, as Gridway received it.
public struct InboundWebhook: Sendable, Hashable {
    /// Header fields in order.
    public var headers: [HTTPHeader]
    /// The raw body.
    public var body: [UInt8]

    /// Creates a webhook.
    public init(headers: [HTTPHeader], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }
}

/// One legacy record turned into a submission request by an ingest adapter.
public struct IngestedRecord: Sendable, Hashable {
    /// The normalized submission.
    public var request: SubmissionRequest
    /// The legacy system's own record id: the idempotency key, so a re-sent record is stored once.
    public var sourceID: String

    /// Creates an ingested record.
    public init(request: SubmissionRequest, sourceID: String) {
        self.request = request
        self.sourceID = sourceID
    }
}

/// A result pushed down to a unit, on its way into a legacy app.
public struct NotifyInput: Sendable, Hashable {
    /// The result's id.
    public var resultID: String
    /// `notice`, `task`, `feedback` or `aggregate`.
    public var kind: String
    /// The addressed unit.
    public var unit: String
    /// Title, usually Chinese.
    public var title: String
    /// Body text.
    public var body: String
    /// Structured data, if any.
    public var data: JSONValue

    /// Creates a notify input.
    public init(resultID: String, kind: String, unit: String, title: String, body: String, data: JSONValue = .null) {
        self.resultID = resultID
        self.kind = kind
        self.unit = unit
        self.title = title
        self.body = body
        self.data = data
    }

    /// The document that mapping expressions read: `$.result.*`.
    public var document: JSONValue {
        .object([
            "result": .object([
                "id": .string(resultID), "kind": .string(kind), "unit": .string(unit), "title": .string(title),
                "body": .string(body), "data": data,
            ])
        ])
    }
}
