import Foundation
import GridwayCore

/// A new declarative adapter folder that `gridway adapter check` and `gridway adapter test` accept
/// as it is: a commented `adapter.yaml` delivering one contract's open fields, a README, and one
/// fixture whose expected request is what the manifest makes of the contract's first example.
public struct AdapterScaffold: Sendable {
    /// The adapter id (and folder name).
    public let id: String
    /// The contract it delivers.
    public let contract: Contract
    /// The upstream body format: JSON, XML or form.
    public let format: BodyFormat

    /// Prepares a scaffold.
    /// - Throws: ``ManifestError`` if `id` is not lowercase kebab-case or the format is CSV.
    public init(id: String, contract: Contract, format: BodyFormat) throws(ManifestError) {
        guard ContractRef.isValidID(id) else {
            throw ManifestError([
                ManifestDiagnostic(
                    .error, file: id, at: nil, "the adapter id must be lowercase kebab-case, e.g. civil-affairs-elderly"
                )
            ])
        }
        guard format != .csv else {
            throw ManifestError([
                ManifestDiagnostic(
                    .error, file: id, at: nil, "scaffolds are JSON, XML or form; start from one and switch to csv")
            ])
        }
        self.id = id
        self.contract = contract
        self.format = format
    }

    /// The files of the folder, by path relative to it.
    /// - Throws: ``ManifestError`` if the generated manifest does not read (a bug) or the example cannot be mapped.
    public func files() throws(ManifestError) -> [(path: String, text: String)] {
        let manifestText = manifest
        let manifest = try AdapterManifest(
            yaml: manifestText, file: "\(id)/\(AdapterManifest.fileName)", folderName: id)
        return [
            (AdapterManifest.fileName, manifestText), ("README.md", readme),
            ("\(Fixture.folderName)/deliver-example.yaml", try fixture(for: manifest)),
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

    private var openFields: [ContractField] { contract.fields.filter { $0.sharing == .open } }

    private var manifest: String {
        var lines = [
            "# \(id): delivers \(contract.ref) (\(contract.title)) to an upstream system.",
            "# Edit the title, the URL, the auth and the body to match the system's API, then run",
            "#   gridway adapter check adapters/\(id)     (every mistake, with its line and column)",
            "#   gridway adapter test adapters/\(id)      (the fixtures in fixtures/, offline)",
            "id: \(id)",
            "title: \(id)                    # the system's name, e.g. 民政局居家养老服务平台",
            "description: 把「\(contract.title)」报送到上级业务系统。",
            "kind: declarative",
            "capabilities: [deliver]",
            "",
            "contracts:",
            "  - ref: \(contract.ref)",
            "    # Conditional and restricted fields this system may receive; open fields always reach it.",
            "    grant: []",
            "",
            "# Values read from environment variables when Gridway starts. Never write a secret here.",
            "settings:",
            "  baseURL: {env: \(environmentPrefix)_URL, default: \"http://127.0.0.1:9001\"}",
            "  token: {env: \(environmentPrefix)_TOKEN, secret: true}",
            "",
            "deliver:",
            "  request:",
            "    method: POST",
            "    url: ${settings.baseURL}/api/reports",
            "    auth: {type: bearer, token: \"${settings.token}\"}",
            "    # Gridway adds Idempotency-Key (stable across retries) to every attempt itself.",
            "    format: \(format.rawValue)",
        ]
        if format == .xml { lines.append("    xml: {root: Report}") }
        lines += [
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
            "    # Not a success: 408, 425, 429 and 5xx are retried (honouring Retry-After), other answers are final.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// The body lines of one field: nested for JSON and XML, flattened with `_` for forms.
    private func bodyLines(_ field: ContractField, path: String, key: String, optional: Bool, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let suffix = optional ? " | optional" : ""
        switch field.type {
        case .object? where !field.fields.isEmpty:
            if format == .form {
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
        case .array? where format == .form && !field.fields.isEmpty:
            return [
                "\(pad)# \(key): a list of objects; a form cannot hold it, so map what the system needs with $each or join"
            ]
        default:
            return ["\(pad)\(key): \(path)\(suffix)"]
        }
    }

    private var readme: String {
        """
        # \(id)

        Delivers **\(contract.title)** (`\(contract.ref)`) to an upstream system, as `adapter.yaml` describes.
        Only the contract's open fields are sent until `grant:` names others.

        ## Settings

        | setting | environment variable | |
        |---|---|---|
        | `baseURL` | `\(environmentPrefix)_URL` | the system's base URL (default `http://127.0.0.1:9001`) |
        | `token` | `\(environmentPrefix)_TOKEN` | its API token (secret) |

        ## Checking and testing

        ```sh
        gridway adapter check adapters/\(id)   # every mistake with its line and column
        gridway adapter test adapters/\(id)    # runs fixtures/*.yaml offline
        ```

        Each fixture holds a submission, the exact request the system must receive, the answer it gives and
        the outcome expected. Add one per case that matters: a correction, a refusal, a busy system.

        """
    }

    /// The fixture: the contract's first example (open fields only) and the request the manifest makes of it.
    private func fixture(for manifest: AdapterManifest) throws(ManifestError) -> String {
        let example = contract.schema["examples"]?[0] ?? .object([:])
        let data = ContractGrant(contract: contract.ref).project(example, of: contract)
        let period: String? =
            switch contract.periodType {
            case .day: "2026-11-05"
            case .week: "2026-W45"
            case .month: "2026-11"
            case .quarter: "2026-Q4"
            case .year: "2026"
            case .none: nil
            }
        let input = DeliveryInput(
            submissionID: "sub-0001", contract: contract.ref, unit: "210102001001", period: period, data: data,
            receivedAt: Fixture.defaultNow)
        guard let deliver = manifest.deliver else { return "" }
        let request: OutboundRequest
        let body: JSONValue
        do {
            request = try deliver.request.build(
                document: input.document, settings: ["baseURL": "http://127.0.0.1:9001", "token": "test-token"])
            body = try deliver.request.codec.format.decode(request.body, options: deliver.request.codec.options)
        } catch {
            throw ManifestError([
                ManifestDiagnostic(.error, file: id, at: nil, "the contract's example cannot be mapped: \(error)")
            ])
        }
        var submission: [(String, JSONValue)] = [
            ("id", "sub-0001"), ("contract", .string(contract.ref.description)), ("unit", "210102001001"),
        ]
        if let period { submission.append(("period", .string(period))) }
        let answer: JSONValue =
            format == .xml
            ? ["Result": ["Code": "0", "Message": "成功", "ReceiptNo": "R-0001"]]
            : ["code": "0000", "msg": "成功", "receiptNo": "R-0001"]
        var lines = [
            "# The contract's first example, and the exact request the system must receive for it.",
            "name: 报送一条\(contract.title)",
            "capability: deliver",
            "settings: {token: test-token}",
            "input:",
        ]
        lines += YAMLText.member("submission", .object(.init(uniqueKeysWithValues: submission)), indent: 2)
        lines += YAMLText.member("data", data, indent: 2)
        lines += ["exchanges:", "  - request:", "      method: POST", "      url: \(request.url)"]
        lines += YAMLText.member("headers", ["Authorization": "Bearer test-token"], indent: 6)
        lines += YAMLText.member("body", body, indent: 6)
        lines += ["    response:", "      status: 200"]
        lines += YAMLText.member("body", answer, indent: 6)
        lines += ["expect:", "  outcome: delivered", "  receipt: R-0001", ""]
        return lines.joined(separator: "\n")
    }
}
