import GridwayCore
import OrderedCollections

/// What one prefill answer offered, as its signed token records it: for whom, for which report, and
/// a digest of each value offered (never the value itself).
///
/// Sent back with a submission, it tells the fields the worker kept as offered from those they typed
/// (see ``PrefillTokenSigner``).
struct PrefillToken: Sendable, Hashable {
    /// The contract reference, like `elderly-visit@1`.
    var contract: String
    /// The org unit the values were offered for.
    var unit: String
    /// The report subject's key the values belong to, when prefill chose one.
    var subject: String?
    /// The credential the answer was given to.
    var issuedTo: String
    /// When the token stops counting, in milliseconds since 1970.
    var expiresAt: Int64
    /// The SHA-256 of each offered value's canonical JSON (RFC 8785), by top-level field name.
    var offered: [String: String]

    /// The digest recorded for `value`: the hex SHA-256 of its canonical JSON.
    static func digest(of value: JSONValue) -> String {
        SHA256Hex.of(value.canonicalBytes())
    }

    /// The fields of `data` that hold exactly the value offered for them.
    func keptFields(in data: JSONValue) -> Set<String> {
        Set(offered.compactMap { field, digest in data[field].map(Self.digest(of:)) == digest ? field : nil })
    }

    /// The token as the JSON its signature covers.
    var payload: JSONValue {
        let fields = offered.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
        return .object([
            "v": 1, "contract": .string(contract), "unit": .string(unit), "subject": subject.map(JSONValue.string) ?? .null,
            "issuedTo": .string(issuedTo), "expiresAt": .integer(expiresAt),
            "offered": .object(OrderedDictionary(uniqueKeysWithValues: fields)),
        ])
    }

    /// The token a ``payload`` holds; `nil` when it is not one.
    init?(payload: JSONValue) {
        guard payload["v"]?.int64Value == 1, let contract = payload["contract"]?.stringValue,
            let unit = payload["unit"]?.stringValue, let issuedTo = payload["issuedTo"]?.stringValue,
            let expiresAt = payload["expiresAt"]?.int64Value, let members = payload["offered"]?.objectValue
        else { return nil }
        var offered: [String: String] = [:]
        for (field, digest) in members {
            guard let digest = digest.stringValue else { return nil }
            offered[field] = digest
        }
        self.init(
            contract: contract, unit: unit, subject: payload["subject"]?.stringValue, issuedTo: issuedTo,
            expiresAt: expiresAt, offered: offered)
    }

    /// A token offering `values` (field name and value).
    init(
        contract: String, unit: String, subject: String?, issuedTo: String, expiresAt: Int64,
        offering values: [(field: String, value: JSONValue)]
    ) {
        self.init(
            contract: contract, unit: unit, subject: subject, issuedTo: issuedTo, expiresAt: expiresAt,
            offered: Dictionary(values.map { ($0.field, Self.digest(of: $0.value)) }, uniquingKeysWith: { _, last in last }))
    }

    private init(
        contract: String, unit: String, subject: String?, issuedTo: String, expiresAt: Int64, offered: [String: String]
    ) {
        self.contract = contract
        self.unit = unit
        self.subject = subject
        self.issuedTo = issuedTo
        self.expiresAt = expiresAt
        self.offered = offered
    }
}
