import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// A new declarative adapter folder that `gridway adapter check` and `gridway adapter test` accept
/// as it is: a commented `adapter.yaml` with one capability over one contract's open fields, a README,
/// and one fixture of what the manifest makes of the contract's first example (or, for `notify`, of a
/// sample result).
public struct AdapterScaffold: Sendable {
    /// The adapter id (and folder name).
    public let id: String
    /// The contract it delivers, fetches or ingests (a `notify` scaffold lists it but does not read it).
    public let contract: Contract
    /// The upstream body format: JSON, XML, form or CSV.
    public let format: BodyFormat
    /// The capability the scaffold implements.
    public let capability: AdapterCapability

    /// Prepares a scaffold.
    /// - Throws: ``ManifestError`` if `id` is not lowercase kebab-case.
    public init(
        id: String, contract: Contract, format: BodyFormat, capability: AdapterCapability = .deliver
    ) throws(ManifestError) {
        guard ContractRef.isValidID(id) else {
            throw ManifestError([
                ManifestDiagnostic(
                    .error, file: id, at: nil, "the adapter id must be lowercase kebab-case, e.g. civil-affairs-elderly"
                )
            ])
        }
        self.id = id
        self.contract = contract
        self.format = format
        self.capability = capability
    }

    /// The fixture's path in the folder.
    public var fixturePath: String { "\(Fixture.folderName)/\(capability.rawValue)-example.yaml" }

    /// Whether the body must be a flat object (form fields or one CSV row).
    var isFlat: Bool { format == .form || format == .csv }

    /// The files of the folder, by path relative to it.
    /// - Throws: ``ManifestError`` if the generated manifest does not read (a bug) or the example cannot be mapped.
    public func files() throws(ManifestError) -> [(path: String, text: String)] {
        let manifestText = manifest
        let manifest = try AdapterManifest(
            yaml: manifestText, file: "\(id)/\(AdapterManifest.fileName)", folderName: id)
        return [
            (AdapterManifest.fileName, manifestText), ("README.md", readme),
            (fixturePath, try fixture(for: manifest)),
        ]
    }

    /// Writes the folder `directory/<id>`.
    /// - Throws: ``ManifestError`` naming the folder if it exists or cannot be written.
    public func write(into directory: URL) throws(ManifestError) -> URL {
        let folder = directory.appendingPathComponent(id, isDirectory: true)
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw ManifestError([
                ManifestDiagnostic(.error, file: folder.path, at: nil, "already exists; choose another id or remove it")
            ])
        }
        let files = try files()
        do {
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.text.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            throw ManifestError([
                ManifestDiagnostic(.error, file: folder.path, at: nil, "cannot write: \(error.localizedDescription)")
            ])
        }
        return folder
    }

    private var environmentPrefix: String { id.uppercased().replacingOccurrences(of: "-", with: "_") }

    var openFields: [ContractField] { contract.fields.filter { $0.sharing == .open } }

    private var manifest: String {
        var lines = [
            "# \(id): \(capability.rawValue) for \(contract.ref) (\(contract.title)) with an upstream system.",
            "# Edit the title, the URL, the auth and the body to match the system's API, then run",
            "#   gridway adapter check adapters/\(id)     (every mistake, with its line and column)",
            "#   gridway adapter test adapters/\(id)      (the fixtures in fixtures/, offline)",
            "id: \(id)",
            "title: \(id)                    # the system's name, e.g. 民政局居家养老服务平台",
            "description: \(manifestDescription)",
            "kind: declarative",
            "capabilities: [\(capability.rawValue)]",
            "",
            "contracts:",
            "  - ref: \(contract.ref)",
            "    # Conditional and restricted fields this system may receive; open fields always reach it.",
            "    grant: []",
            "",
            "# Values read from environment variables when Gridway starts. Never write a secret here.",
            "settings:",
        ]
        lines +=
            capability == .ingest
            ? ["  webhookToken: {env: \(environmentPrefix)_WEBHOOK_TOKEN, secret: true}", ""]
            : [
                "  baseURL: {env: \(environmentPrefix)_URL, default: \"http://127.0.0.1:9001\"}",
                "  token: {env: \(environmentPrefix)_TOKEN, secret: true}", "",
            ]
        switch capability {
        case .deliver, .notify: lines += sendSectionLines
        case .fetch: lines += fetchSectionLines
        case .ingest: lines += ingestSectionLines
        }
        return (lines + [""]).joined(separator: "\n")
    }

    /// The manifest's `description:`.
    private var manifestDescription: String {
        switch capability {
        case .deliver: "把「\(contract.title)」报送到上级业务系统。"
        case .notify: "把下发的通知、任务推送到对方系统。"
        case .fetch: "从对方系统读取「\(contract.title)」，用于统一查询和预填。"
        case .ingest: "对方系统推送来的记录变成「\(contract.title)」填报。"
        }
    }

    /// The `deliver:` or `notify:` section: a request and the rules for its answer.
    private var sendSectionLines: [String] {
        var lines = [
            "\(capability.rawValue):",
            "  request:",
            "    method: POST",
            "    url: ${settings.baseURL}\(path)",
            "    auth: {type: bearer, token: \"${settings.token}\"}",
            "    # Gridway adds Idempotency-Key (stable across retries) to every attempt itself.",
            "    format: \(format.rawValue)",
        ]
        if format == .xml { lines.append("    xml: {root: \(capability == .notify ? "Notice" : "Report")}") }
        lines += capability == .notify ? notifyBodyLines : deliverBodyLines
        lines += ["  response:"]
        lines +=
            format == .xml
            ? [
                "    format: xml", "    success: {status: [200-299], when: '$.Result.Code == 0'}",
                "    receipt: $.Result.ReceiptNo",
                "    message: $.Result.Message",
            ]
            : [
                "    format: json", "    success: {status: [200-299], when: '$.code == \"0000\"'}",
                "    receipt: $.receiptNo", "    message: $.msg",
            ]
        lines += [
            "    # Not a success: 408, 425, 429 and 5xx are retried (honouring Retry-After), other answers are final."
        ]
        return lines
    }

    /// The request path on the upstream system.
    private var path: String { capability == .notify ? "/api/notices" : "/api/reports" }

    /// The `body:` of a `deliver` section: the submission's unit, period and open fields.
    private var deliverBodyLines: [String] {
        var lines = [
            "    # The body: keys are the system's field names (rename freely); values read the submission",
            "    # with JSONPath ($.data.<field>, $.submission.unit, $.submission.period) and transforms after |:",
            "    # string, integer, number, boolean, lookup(table), date(yyyy-MM-dd, yyyyMMdd), trim,",
            "    # pad(left, 6, 0), substring(0, 6), concat(\"-\", $.x), join(\",\"), mask(3, 4), default(无), optional.",
            "    body:",
            "      unit: $.submission.unit",
        ]
        if contract.periodType != .none { lines.append("      period: $.submission.period") }
        lines += openFields.flatMap {
            bodyLines($0, path: "$.data.\($0.name)", key: $0.name, optional: !$0.isRequired, indent: 6)
        }
        return lines
    }

    /// The `body:` of a `notify` section: the result's id, kind, unit, title, text and (when the body
    /// can hold an object) its data.
    private var notifyBodyLines: [String] {
        [
            "    # The body: keys are the system's field names (rename freely); values read the result with",
            "    # JSONPath ($.result.id, kind, unit, title, body, data) and transforms after |, e.g. lookup(table).",
            "    body:",
            "      id: $.result.id",
            "      kind: $.result.kind",
            "      unit: $.result.unit",
            "      title: $.result.title",
            "      text: $.result.body",
            isFlat
                ? "      # data: $.result.data is an object; a \(format.rawValue) body cannot hold it, so map its members you need"
                : "      data: $.result.data | optional",
        ]
    }

    /// The body lines of one field: nested for JSON and XML, flattened with `_` for forms and CSV.
    private func bodyLines(_ field: ContractField, path: String, key: String, optional: Bool, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let suffix = optional ? " | optional" : ""
        switch field.type {
        case .object? where !field.fields.isEmpty:
            if isFlat {
                return field.fields.flatMap {
                    bodyLines(
                        $0, path: "\(path).\($0.name)", key: "\(key)_\($0.name)", optional: optional || !$0.isRequired,
                        indent: indent)
                }
            }
            return ["\(pad)\(key):"]
                + field.fields.flatMap {
                    bodyLines(
                        $0, path: "\(path).\($0.name)", key: $0.name, optional: optional || !$0.isRequired,
                        indent: indent + 2)
                }
        case .array? where isFlat && !field.fields.isEmpty:
            return [
                "\(pad)# \(key): a list of objects; a \(format.rawValue) body cannot hold it, so map what the system needs with $each or join"
            ]
        default:
            return ["\(pad)\(key): \(path)\(suffix)"]
        }
    }

    /// The README's opening sentence.
    private var summary: String {
        switch capability {
        case .deliver:
            "Delivers **\(contract.title)** (`\(contract.ref)`) to an upstream system, as `adapter.yaml` describes.\n"
                + "Only the contract's open fields are sent until `grant:` names others."
        case .notify:
            "Pushes results (notices, tasks, feedback) down into an upstream system, as `adapter.yaml` describes."
        case .fetch:
            "Reads **\(contract.title)** (`\(contract.ref)`) records from an upstream system for unified queries and prefill."
        case .ingest:
            "Turns records an upstream system pushes into **\(contract.title)** (`\(contract.ref)`) submissions."
        }
    }

    /// The README's settings table rows.
    private var settingRows: String {
        capability == .ingest
            ? "| `webhookToken` | `\(environmentPrefix)_WEBHOOK_TOKEN` | the token its pushes carry in `X-Webhook-Token` (secret) |"
            : "| `baseURL` | `\(environmentPrefix)_URL` | the system's base URL (default `http://127.0.0.1:9001`) |\n"
                + "| `token` | `\(environmentPrefix)_TOKEN` | its API token (secret) |"
    }

    private var readme: String {
        """
        # \(id)

        \(summary)

        ## Settings

        | setting | environment variable | |
        |---|---|---|
        \(settingRows)

        ## Checking and testing

        ```sh
        gridway adapter check adapters/\(id)   # every mistake with its line and column
        gridway adapter test adapters/\(id)    # runs fixtures/*.yaml offline
        ```

        Each fixture holds a submission, the exact request the system must receive, the answer it gives and
        the outcome expected. Add one per case that matters: a correction, a refusal, a busy system.

        """
    }

    /// The fixture: a sample input (the contract's first example, open fields only, or a result) and the
    /// request the manifest makes of it.
    private func fixture(for manifest: AdapterManifest) throws(ManifestError) -> String {
        switch capability {
        case .fetch: return try fetchFixture(for: manifest)
        case .ingest: return try ingestFixture(for: manifest)
        case .deliver, .notify: return try sendFixture(for: manifest)
        }
    }

    /// The fixture of a `deliver` or `notify` scaffold.
    private func sendFixture(for manifest: AdapterManifest) throws(ManifestError) -> String {
        let sample = capability == .notify ? notifySample : deliverSample
        guard let section = capability == .notify ? manifest.notify : manifest.deliver else { return "" }
        let request: OutboundRequest
        let body: JSONValue
        do {
            request = try section.request.build(
                document: sample.document, settings: ["baseURL": "http://127.0.0.1:9001", "token": "test-token"])
            body = try section.request.codec.format.decode(request.body, options: section.request.codec.options)
        } catch {
            throw ManifestError([
                ManifestDiagnostic(.error, file: id, at: nil, "the sample input cannot be mapped: \(error)")
            ])
        }
        let answer: JSONValue =
            format == .xml
            ? ["Result": ["Code": "0", "Message": "成功", "ReceiptNo": "R-0001"]]
            : ["code": "0000", "msg": "成功", "receiptNo": "R-0001"]
        var lines = [
            "# \(sample.comment), and the exact request the system must receive for it.",
            "name: \(sample.name)",
            "capability: \(capability.rawValue)",
            "settings: {token: test-token}",
            "input:",
        ]
        lines += sample.input
        lines += ["exchanges:", "  - request:", "      method: POST", "      url: \(request.url)"]
        lines += YAMLText.member("headers", ["Authorization": "Bearer test-token"], indent: 6)
        lines += YAMLText.member("body", body, indent: 6)
        lines += ["    response:", "      status: 200"]
        lines += YAMLText.member("body", answer, indent: 6)
        lines += ["expect:", "  outcome: delivered", "  receipt: R-0001", ""]
        return lines.joined(separator: "\n")
    }

    /// A fixture's input: the document the section reads and its `input:` lines.
    private struct Sample {
        var comment: String
        var name: String
        var document: JSONValue
        var input: [String]
    }

    /// The contract's first example (open fields only) as a submission.
    private var deliverSample: Sample {
        let data = sampleData
        let period = samplePeriod
        let input = DeliveryInput(
            submissionID: "sub-0001", contract: contract.ref, unit: "210102001001", period: period, data: data,
            receivedAt: Fixture.defaultNow)
        var submission: [(String, JSONValue)] = [
            ("id", "sub-0001"), ("contract", .string(contract.ref.description)), ("unit", "210102001001"),
        ]
        if let period { submission.append(("period", .string(period))) }
        return Sample(
            comment: "The contract's first example", name: "报送一条\(contract.title)", document: input.document,
            input: YAMLText.member("submission", .object(.init(uniqueKeysWithValues: submission)), indent: 2)
                + YAMLText.member("data", data, indent: 2))
    }

    /// The contract's first example, open fields only.
    var sampleData: JSONValue {
        ContractGrant(contract: contract.ref).project(contract.schema["examples"]?[0] ?? .object([:]), of: contract)
    }

    /// A period of the contract's period type, or `nil` if it has none.
    var samplePeriod: String? {
        switch contract.periodType {
        case .day: "2026-11-05"
        case .week: "2026-W45"
        case .month: "2026-11"
        case .quarter: "2026-Q4"
        case .year: "2026"
        case .none: nil
        }
    }

    /// A task pushed down to a unit.
    private var notifySample: Sample {
        let input = NotifyInput(
            resultID: "res-0001", kind: "task", unit: "210102001001", title: "本月走访任务",
            body: "请于月底前完成本月走访并填报。", data: ["contract": .string(contract.ref.description)])
        let result: JSONValue = [
            "id": .string(input.resultID), "kind": .string(input.kind), "unit": .string(input.unit),
            "title": .string(input.title), "body": .string(input.body), "data": input.data,
        ]
        return Sample(
            comment: "A task pushed down to a unit", name: "下发一条任务", document: input.document,
            input: YAMLText.member("result", result, indent: 2))
    }
}
