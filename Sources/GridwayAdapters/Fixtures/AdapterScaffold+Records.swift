import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The `fetch` and `ingest` scaffolds: both read upstream records that hold the contract's first example
/// (open fields, flattened with `_` for form and CSV) under the contract's field names, plus the record's
/// unit, number and period, and map them back to contract fields.
extension AdapterScaffold {
    /// The record's org unit, number and period in the upstream record.
    private static let unitKey = "unitCode"
    private static let numberKey = "recordNo"
    private static let periodKey = "recordPeriod"
    /// The element each record is in an XML body, and the root around them.
    private static let xmlRecord = "Record"
    private static let xmlRoot = "Records"

    /// The lines of the `fetch:` section.
    var fetchSectionLines: [String] {
        var lines = [
            "fetch:",
            "  request:",
            "    method: GET",
            "    url: ${settings.baseURL}/api/records",
            "    auth: {type: bearer, token: \"${settings.token}\"}",
            "    # Query parameters read $.query.unit and the contract's fields by name, e.g. $.query.<field> | optional.",
            "    query:",
            "      unit: $.query.unit",
            "  response:",
            "    format: \(format.rawValue)",
        ]
        lines += xmlOptionLines(indent: 4)
        lines += [
            "    success: {status: [200]}",
            "  # Where the records are in the answer, and which key of map: holds each record's org unit.",
            "  records: \(recordsPath)",
            "  unitField: unit",
        ]
        return lines
            + mapLines(extra: ["    unit: $.record.\(Self.unitKey)    # only for scoping, not a contract field"])
    }

    /// The lines of the `ingest:` section.
    var ingestSectionLines: [String] {
        var lines = [
            "ingest:",
            "  # How Gridway knows a push comes from the system: a token header, an HMAC signature, or none.",
            "  verify: {type: token, header: X-Webhook-Token, token: \"${settings.webhookToken}\"}",
            "  format: \(format.rawValue)",
        ]
        lines += xmlOptionLines(indent: 2)
        lines += [
            "  records: \(recordsPath)",
            "  unit: $.record.\(Self.unitKey)",
        ]
        if samplePeriod != nil { lines.append("  period: $.record.\(Self.periodKey)") }
        lines.append(
            "  sourceID: $.record.\(Self.numberKey)       # the system's record number: a repeated push is stored once")
        return lines + mapLines(extra: [])
    }

    /// The fixture of a `fetch` scaffold: one page holding one record.
    func fetchFixture(for manifest: AdapterManifest) throws(ManifestError) -> String {
        guard let section = manifest.fetch else { return "" }
        let query: JSONValue = ["contract": .string(contract.ref.description), "unit": "210102001001"]
        let record = try readBack(section.response.codec)
        let mapped = try evaluate(section.map, on: ["record": record, "query": query])
        var lines = [
            "# One page holding the contract's first example, and the record Gridway reads out of it.",
            "name: 读取一条\(contract.title)",
            "capability: fetch",
            "settings: {token: test-token}",
            "input:",
        ]
        lines += YAMLText.member("query", query, indent: 2)
        lines += [
            "exchanges:", "  - request:", "      method: GET",
            "      url: http://127.0.0.1:9001/api/records?unit=210102001001",
        ]
        lines += YAMLText.member("headers", ["Authorization": "Bearer test-token"], indent: 6)
        lines += ["    response:", "      status: 200"]
        lines += YAMLText.member("body", body, indent: 6)
        lines += ["expect:"]
        lines += YAMLText.member("records", [mapped], indent: 2)
        return (lines + [""]).joined(separator: "\n")
    }

    /// The fixture of an `ingest` scaffold: a signed push holding one record, and the submission it becomes.
    func ingestFixture(for manifest: AdapterManifest) throws(ManifestError) -> String {
        guard let section = manifest.ingest else { return "" }
        let record = try readBack(section.codec)
        let data = try evaluate(section.map, on: ["record": record, "body": body])
        var submission: [(String, JSONValue)] = [
            ("contract", .string(contract.ref.description)), ("unit", "210102001001"),
        ]
        if let samplePeriod { submission.append(("period", .string(samplePeriod))) }
        submission += [("sourceID", "rec-0001"), ("data", data)]
        var lines = [
            "# A push holding the contract's first example, and the submission it becomes.",
            "name: 接收一条\(contract.title)",
            "capability: ingest",
            "settings: {webhookToken: test-webhook-token}",
            "input:",
            "  webhook:",
            "    signed: true          # the test runner adds the X-Webhook-Token header verify: asks for",
        ]
        lines += YAMLText.member("body", body, indent: 4)
        lines += ["expect:"]
        lines += YAMLText.member("submissions", [.object(.init(uniqueKeysWithValues: submission))], indent: 2)
        return (lines + [""]).joined(separator: "\n")
    }

    /// The `xml:` options of an XML answer or push: the record fields that are lists, so one item still reads as a list.
    private func xmlOptionLines(indent: Int) -> [String] {
        guard format == .xml else { return [] }
        let lists = Set(Self.listFieldNames(openFields)).sorted()
        guard !lists.isEmpty else { return [] }
        return ["\(String(repeating: " ", count: indent))xml: {arrayElements: [\(lists.joined(separator: ", "))]}"]
    }

    private static func listFieldNames(_ fields: [ContractField]) -> [String] {
        fields.flatMap { field in
            (field.type == .array ? [field.name] : []) + listFieldNames(field.fields)
        }
    }

    /// Where the records are in the body: a list for JSON and CSV, the repeated element for XML, the whole form.
    private var recordsPath: String {
        switch format {
        case .json: "$.rows"
        case .xml: "$.\(Self.xmlRoot).\(Self.xmlRecord)"
        case .csv: "$[*]"
        case .form: "$"
        }
    }

    /// The answer or push body holding the upstream record, as `recordsPath` finds it.
    private var body: JSONValue {
        switch format {
        case .json: ["rows": [upstreamRecord]]
        case .xml: [Self.xmlRoot: [Self.xmlRecord: upstreamRecord]]
        case .csv: [upstreamRecord]
        case .form: upstreamRecord
        }
    }

    /// The upstream record: the record's unit (and for `ingest` its number and period) and the example's
    /// open fields under their names (flattened for form and CSV, without lists there).
    private var upstreamRecord: JSONValue {
        var members: [(String, JSONValue)] = [(Self.unitKey, "210102001001")]
        if capability == .ingest {
            members.append((Self.numberKey, "rec-0001"))
            if let samplePeriod { members.append((Self.periodKey, .string(samplePeriod))) }
        }
        members += openFields.flatMap { recordMembers($0, value: sampleData[$0.name], key: $0.name) }
        return .object(.init(uniqueKeysWithValues: members))
    }

    private func recordMembers(_ field: ContractField, value: JSONValue?, key: String) -> [(String, JSONValue)] {
        guard let value, value != .null else { return [] }
        guard isFlat else { return [(key, value)] }
        switch field.type {
        case .object?:
            return field.fields.flatMap { recordMembers($0, value: value[$0.name], key: "\(key)_\($0.name)") }
        case .array?: return []
        default: return [(key, value)]
        }
    }

    /// The upstream record as the adapter reads it back from the encoded body (XML, form and CSV values are text).
    private func readBack(_ codec: BodyCodec) throws(ManifestError) -> JSONValue {
        do {
            let decoded = try codec.format.decode(
                try codec.format.encode(body, options: codec.options), options: codec.options)
            return switch format {
            case .json: decoded["rows"]?[0] ?? .null
            case .xml: decoded[Self.xmlRoot]?[Self.xmlRecord] ?? .null
            case .csv: decoded[0] ?? .null
            case .form: decoded
            }
        } catch {
            throw ManifestError([
                ManifestDiagnostic(.error, file: id, at: nil, "the example cannot be encoded: \(error)")
            ])
        }
    }

    private func evaluate(_ map: Template, on document: JSONValue) throws(ManifestError) -> JSONValue {
        do {
            return try map.evaluate(in: document, settings: [:]) ?? .object([:])
        } catch {
            throw ManifestError([
                ManifestDiagnostic(.error, file: id, at: nil, "the example cannot be mapped: \(error)")
            ])
        }
    }

    /// `map:`: each open field from the record, with a type transform where the format carries only text.
    private func mapLines(extra: [String]) -> [String] {
        [
            "  # Each key is a contract field; values read the record ($.record.<the system's name>) with transforms",
            "  # after | (integer, number, boolean, lookup(table), date(yyyyMMdd, yyyy-MM-dd), trim, optional …).",
            "  map:",
        ]
            + openFields.flatMap {
                fieldMapLines($0, recordKey: $0.name, optional: !$0.isRequired, indent: 4)
            } + extra
    }

    private func fieldMapLines(_ field: ContractField, recordKey: String, optional: Bool, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let separator = isFlat ? "_" : "."
        switch field.type {
        case .object? where !field.fields.isEmpty:
            return ["\(pad)\(field.name):"]
                + field.fields.flatMap {
                    fieldMapLines(
                        $0, recordKey: "\(recordKey)\(separator)\($0.name)", optional: optional || !$0.isRequired,
                        indent: indent + 2)
                }
        case .array? where isFlat:
            return [
                "\(pad)# \(field.name): a list; a \(format.rawValue) record cannot hold it, so map it from the system's own columns"
            ]
        default:
            let transform: String? =
                switch field.type {
                case .integer? where format != .json: "integer"
                case .number? where format != .json: "number"
                case .boolean? where format != .json: "boolean"
                default: nil
                }
            let transforms = [transform, optional ? "optional" : nil].compactMap { $0 }
            return ["\(pad)\(field.name): " + (["$.record.\(recordKey)"] + transforms).joined(separator: " | ")]
        }
    }
}
