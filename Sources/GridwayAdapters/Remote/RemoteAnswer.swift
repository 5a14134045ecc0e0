import GridwayCore
import GridwayJSON
import OrderedCollections

/// A remote adapter service's answer, read strictly: every departure from `gridway-remote/1` is a
/// specific ``AdapterError/unreadableResponse(_:)`` naming the member at fault.
///
/// An answer is a JSON object with `"protocol": "gridway-remote/1"` and exactly one of:
/// - `outcome` (deliver, notify): `{"type": "delivered", "receipt": "…"|null}`,
///   `{"type": "retry", "reason": "…", "afterSeconds": n|null}` or `{"type": "rejected", "reason": "…"}`;
/// - `records` (fetch): an array of objects, normalized to the contract's field names;
/// - `records` (ingest): an array of `{"sourceID", "contract", "unit", "period"?, "data", "supersedes"?}`;
/// - `error`: `{"type": "refused"|"mapping"|"configuration", "reason": "…", "location"?: "…"}`, which
///   becomes the matching ``AdapterError``.
public struct RemoteAnswer: Sendable {
    /// The parsed body.
    public let body: JSONValue
    private let origin: String

    /// Parses `bytes` answered to `origin` (e.g. `remote adapter civil-affairs /fetch`).
    public init(bytes: [UInt8], origin: String) throws(AdapterError) {
        self.origin = origin
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: bytes)
        } catch {
            throw .unreadableResponse(
                "\(origin): the answer is not JSON: \(error.reason) at line \(error.line), column \(error.column)")
        }
        guard case .object(let members) = parsed else {
            throw .unreadableResponse("\(origin): the answer must be a JSON object, not \(parsed.typeName)")
        }
        guard let version = members["protocol"] else {
            throw .unreadableResponse("\(origin): /protocol is missing; expected \"\(RemoteProtocol.version)\"")
        }
        guard version == .string(RemoteProtocol.version) else {
            throw .unreadableResponse("\(origin): /protocol is \(version), expected \"\(RemoteProtocol.version)\"")
        }
        body = parsed
        if let error = members["error"] { throw try adapterError(error) }
    }

    /// The error a non-200 answer states in protocol form (`{"protocol", "error"}`), if it states one.
    public static func failure(in bytes: [UInt8], origin: String) -> AdapterError? {
        guard let parsed = try? JSONValue(parsing: bytes), parsed["error"] != nil else { return nil }
        do {
            _ = try RemoteAnswer(bytes: bytes, origin: origin)
            return nil
        } catch {
            return error
        }
    }

    /// The delivery outcome of a `deliver` or `notify` answer.
    public func outcome() throws(AdapterError) -> DeliveryOutcome {
        let outcome = try member("outcome", at: "/outcome")
        switch try string(in: outcome, "type", at: "/outcome/type") {
        case "delivered":
            return .delivered(receipt: try optionalString(in: outcome, "receipt", at: "/outcome/receipt"))
        case "retry":
            let reason = try string(in: outcome, "reason", at: "/outcome/reason")
            switch outcome["afterSeconds"] {
            case nil, .null?: return .retry(reason: reason, after: nil)
            case let seconds?:
                guard let value = seconds.int64Value, value >= 0 else {
                    throw unreadable("/outcome/afterSeconds", "must be a whole number of seconds, not \(seconds)")
                }
                return .retry(reason: reason, after: .seconds(value))
            }
        case "rejected":
            return .rejected(reason: try string(in: outcome, "reason", at: "/outcome/reason"))
        case let other:
            throw unreadable("/outcome/type", "\"\(other)\" is not delivered, retry or rejected")
        }
    }

    /// The records of a `fetch` answer: each an object.
    public func records() throws(AdapterError) -> [JSONValue] {
        let records = try array("records")
        for (index, record) in records.enumerated() where record.objectValue == nil {
            throw unreadable("/records/\(index)", "a record must be an object, not \(record.typeName)")
        }
        return records
    }

    /// The submission requests of an `ingest` answer.
    public func ingestedRecords() throws(AdapterError) -> [IngestedRecord] {
        var result: [IngestedRecord] = []
        for (index, record) in try array("records").enumerated() {
            let location = "/records/\(index)"
            guard record.objectValue != nil else {
                throw unreadable(location, "must be an object, not \(record.typeName)")
            }
            let sourceID = try string(in: record, "sourceID", at: location + "/sourceID")
            guard !sourceID.isEmpty else { throw unreadable(location + "/sourceID", "must not be empty") }
            let contractText = try string(in: record, "contract", at: location + "/contract")
            let contract: ContractRef
            do {
                contract = try ContractRef(parsing: contractText)
            } catch {
                throw unreadable(
                    location + "/contract", "\"\(contractText)\" is not a contract reference like elderly-visit@1")
            }
            guard let data = record["data"] else { throw unreadable(location + "/data", "is missing") }
            let request = SubmissionRequest(
                contract: contract, unit: try string(in: record, "unit", at: location + "/unit"),
                period: try optionalString(in: record, "period", at: location + "/period"), data: data,
                supersedes: try optionalString(in: record, "supersedes", at: location + "/supersedes"))
            result.append(IngestedRecord(request: request, sourceID: sourceID))
        }
        return result
    }

    /// The answer a service sends for `outcome`.
    public static func encode(_ outcome: DeliveryOutcome) -> JSONValue {
        let members: JSONValue =
            switch outcome {
            case .delivered(let receipt): ["type": "delivered", "receipt": receipt.map(JSONValue.string) ?? .null]
            case .retry(let reason, let after):
                [
                    "type": "retry", "reason": .string(reason),
                    "afterSeconds": after.map { .integer($0.components.seconds) } ?? .null,
                ]
            case .rejected(let reason): ["type": "rejected", "reason": .string(reason)]
            }
        return ["protocol": .string(RemoteProtocol.version), "outcome": members]
    }

    /// The answer a service sends for fetched records.
    public static func encode(records: [JSONValue]) -> JSONValue {
        ["protocol": .string(RemoteProtocol.version), "records": .array(records)]
    }

    /// The answer a service sends for ingested records.
    public static func encode(ingested records: [IngestedRecord]) -> JSONValue {
        encode(
            records: records.map { record in
                var members: [(String, JSONValue)] = [
                    ("sourceID", .string(record.sourceID)), ("contract", .string(record.request.contract.description)),
                    ("unit", .string(record.request.unit)),
                    ("period", record.request.period.map(JSONValue.string) ?? .null),
                    ("data", record.request.data),
                ]
                if let supersedes = record.request.supersedes { members.append(("supersedes", .string(supersedes))) }
                return .object(.init(uniqueKeysWithValues: members))
            })
    }

    /// The answer a service sends when it cannot do what was asked.
    public static func encode(_ error: AdapterError) -> JSONValue {
        let members: JSONValue =
            switch error {
            case .refused(let reason): ["type": "refused", "reason": .string(reason)]
            case .mapping(let location, let reason):
                ["type": "mapping", "reason": .string(reason), "location": .string(location)]
            case .configuration(let reason): ["type": "configuration", "reason": .string(reason)]
            case .unsupported, .unreadableResponse: ["type": "configuration", "reason": .string(error.description)]
            }
        return ["protocol": .string(RemoteProtocol.version), "error": members]
    }

    private func adapterError(_ error: JSONValue) throws(AdapterError) -> AdapterError {
        let reason = try string(in: error, "reason", at: "/error/reason")
        switch try string(in: error, "type", at: "/error/type") {
        case "refused": return .refused("\(origin): \(reason)")
        case "configuration": return .configuration("\(origin): \(reason)")
        case "mapping":
            return .mapping(
                location: try optionalString(in: error, "location", at: "/error/location") ?? "", reason: reason)
        case let other: throw unreadable("/error/type", "\"\(other)\" is not refused, mapping or configuration")
        }
    }

    private func member(_ name: String, at location: String) throws(AdapterError) -> JSONValue {
        guard let value = body[name] else { throw unreadable(location, "is missing") }
        guard value.objectValue != nil else { throw unreadable(location, "must be an object, not \(value.typeName)") }
        return value
    }

    private func array(_ name: String) throws(AdapterError) -> [JSONValue] {
        guard let value = body[name] else { throw unreadable("/\(name)", "is missing") }
        guard case .array(let items) = value else {
            throw unreadable("/\(name)", "must be an array, not \(value.typeName)")
        }
        return items
    }

    private func string(in object: JSONValue, _ name: String, at location: String) throws(AdapterError) -> String {
        guard let value = object[name] else { throw unreadable(location, "is missing") }
        guard case .string(let text) = value else {
            throw unreadable(location, "must be a string, not \(value.typeName)")
        }
        return text
    }

    private func optionalString(in object: JSONValue, _ name: String, at location: String) throws(AdapterError)
        -> String?
    {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw unreadable(location, "must be a string or null, not \(other.typeName)")
        }
    }

    private func unreadable(_ location: String, _ reason: String) -> AdapterError {
        .unreadableResponse("\(origin): \(location) \(reason)")
    }
}
