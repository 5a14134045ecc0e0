import Foundation
import GridwayCore
import GridwayJSON

extension Fixture {
    /// The fixtures folder of an adapter folder.
    public static let folderName = "fixtures"

    /// Reads a fixture.
    /// - Throws: ``ManifestError`` with every mistake, each with its line and column.
    public init(text: String, file: String) throws(ManifestError) {
        let reader = ManifestReader(file: file)
        let root = try YAMLNode.document(text, file: file, what: "fixture")
        guard let fixture = FixtureReader(reader: reader).fixture(root), !reader.hasErrors else {
            throw ManifestError(reader.diagnostics)
        }
        self = fixture
    }

    /// Reads every `*.yaml`, `*.yml` and `*.json` file of `folder/fixtures`, sorted by name.
    /// - Returns: the fixtures read, and the mistakes of those that could not be.
    public static func load(adapterFolder folder: URL) -> (fixtures: [Fixture], problems: [ManifestDiagnostic]) {
        let directory = folder.appendingPathComponent(folderName, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var fixtures: [Fixture] = []
        var problems: [ManifestDiagnostic] = []
        for name in names.sorted() where [".yaml", ".yml", ".json"].contains(where: name.hasSuffix) {
            let file = directory.appendingPathComponent(name)
            do throws(ManifestError) {
                fixtures.append(try Fixture(text: try ManifestError.text(of: file, kind: "fixture"), file: file.path))
            } catch {
                problems += error.diagnostics
            }
        }
        return (fixtures, problems)
    }
}

/// Reads the parts of a fixture; see ``Fixture`` for the format.
private struct FixtureReader {
    let reader: ManifestReader

    func fixture(_ root: YAMLNode) -> Fixture? {
        let keys = ["name", "capability", "settings", "now", "input", "exchanges", "expect"]
        guard
            let fields = reader.mapping(
                root, "the fixture", allowed: keys, required: ["name", "capability", "input", "expect"]),
            let name = fields["name"].flatMap({ reader.nonEmptyString($0, "name") }),
            let capability = fields["capability"].flatMap({ reader.choice($0, "capability", AdapterCapability.self) })
        else { return nil }
        var settings: [String: String] = [:]
        for entry in fields["settings"].map({ reader.namedEntries($0, "settings") }) ?? [] {
            settings[entry.name] = reader.string(entry.value, "setting \(entry.name)")
        }
        let now = fields["now"].flatMap { date($0, "now") } ?? Fixture.defaultNow
        let parsedInput = fields["input"].flatMap { input($0, capability) }
        var exchanges: [Fixture.Exchange] = []
        if let node = fields["exchanges"] {
            if let elements = node.elements {
                exchanges = elements.compactMap { exchange($0) }
            } else {
                reader.error("exchanges must be a list", at: node.position)
            }
        }
        let expected = fields["expect"].flatMap { expectation($0, capability) }
        guard let parsedInput, let expected else { return nil }
        return Fixture(
            name: name, file: reader.file, capability: capability, settings: settings, now: now, input: parsedInput,
            exchanges: exchanges, expectation: expected)
    }

    private func input(_ node: YAMLNode, _ capability: AdapterCapability) -> Fixture.Input? {
        switch capability {
        case .deliver:
            guard
                let fields = reader.mapping(
                    node, "input", allowed: ["submission", "data", "correction"], required: ["submission", "data"]),
                let submissionNode = fields["submission"], let dataNode = fields["data"],
                let submission = reader.mapping(
                    submissionNode, "input submission", allowed: ["id", "contract", "unit", "period", "receivedAt"],
                    required: ["id", "contract", "unit"]),
                let id = submission["id"].flatMap({ reader.string($0, "submission id") }),
                let contract = submission["contract"].flatMap(contractRef),
                let unit = submission["unit"].flatMap({ reader.string($0, "submission unit") })
            else { return nil }
            var correction: DeliveryInput.Correction?
            if let correctionNode = fields["correction"],
                let parts = reader.mapping(
                    correctionNode, "input correction", allowed: ["originalSubmissionID", "originalReceipt"],
                    required: ["originalSubmissionID"])
            {
                correction = DeliveryInput.Correction(
                    originalSubmissionID: parts["originalSubmissionID"].flatMap {
                        reader.string($0, "originalSubmissionID")
                    } ?? "",
                    originalReceipt: parts["originalReceipt"].flatMap { reader.string($0, "originalReceipt") })
            }
            return .deliver(
                DeliveryInput(
                    submissionID: id, contract: contract, unit: unit,
                    period: submission["period"].flatMap { reader.string($0, "period") },
                    data: dataNode.jsonValue,
                    receivedAt: submission["receivedAt"].flatMap { date($0, "receivedAt") } ?? Fixture.defaultNow,
                    correction: correction))
        case .fetch:
            guard let fields = reader.mapping(node, "input", allowed: ["query"], required: ["query"]),
                let queryNode = fields["query"]
            else { return nil }
            var parameters: [String: String] = [:]
            var contract: ContractRef?
            var unit: String?
            for entry in reader.namedEntries(queryNode, "input query") {
                switch entry.name {
                case "contract": contract = contractRef(entry.value)
                case "unit": unit = reader.string(entry.value, "query unit")
                default: parameters[entry.name] = reader.string(entry.value, "query \(entry.name)")
                }
            }
            guard let contract, let unit else {
                reader.error("input query needs contract and unit", at: queryNode.position)
                return nil
            }
            return .fetch(FetchQuery(contract: contract, unit: unit, parameters: parameters))
        case .ingest:
            guard let fields = reader.mapping(node, "input", allowed: ["webhook"], required: ["webhook"]),
                let webhookNode = fields["webhook"],
                let webhook = reader.mapping(
                    webhookNode, "input webhook", allowed: ["headers", "body", "raw", "format", "signed"])
            else { return nil }
            guard let body = body(webhook, "input webhook") else {
                reader.error("input webhook needs a body or raw text", at: webhookNode.position)
                return nil
            }
            return .ingest(
                Fixture.Webhook(
                    headers: headers(webhook["headers"]), body: body,
                    signed: webhook["signed"].flatMap { reader.bool($0, "signed") } ?? false))
        case .notify:
            guard let fields = reader.mapping(node, "input", allowed: ["result"], required: ["result"]),
                let resultNode = fields["result"],
                let result = reader.mapping(
                    resultNode, "input result", allowed: ["id", "kind", "unit", "title", "body", "data"],
                    required: ["id", "kind", "unit", "title"])
            else { return nil }
            let text = { (key: String) in result[key].flatMap { reader.string($0, "result \(key)") } ?? "" }
            return .notify(
                NotifyInput(
                    resultID: text("id"), kind: text("kind"), unit: text("unit"), title: text("title"),
                    body: text("body"),
                    data: result["data"]?.jsonValue ?? .null))
        }
    }

    private func exchange(_ node: YAMLNode) -> Fixture.Exchange? {
        guard
            let fields = reader.mapping(node, "an exchange", allowed: ["request", "response"], required: ["response"])
        else { return nil }
        var expected: Fixture.ExpectedRequest?
        if let requestNode = fields["request"],
            let request = reader.mapping(
                requestNode, "exchange request",
                allowed: ["method", "url", "headers", "body", "raw", "format", "namespaces"])
        {
            expected = Fixture.ExpectedRequest(
                method: request["method"].flatMap { reader.string($0, "method") }?.uppercased(),
                url: request["url"].flatMap { reader.string($0, "url") }, headers: headers(request["headers"]),
                body: body(request, "exchange request"), namespaces: namespaces(request["namespaces"]))
        }
        guard let responseNode = fields["response"],
            let response = reader.mapping(
                responseNode, "exchange response", allowed: ["status", "headers", "body", "raw", "format"]),
            let status = response["status"].map({ reader.integer($0, "status", in: 100...599) }) ?? 200
        else { return nil }
        return Fixture.Exchange(
            request: expected,
            response: Fixture.InboundResponseTemplate(
                status: status, headers: headers(response["headers"]), body: body(response, "exchange response")))
    }

    private func expectation(_ node: YAMLNode, _ capability: AdapterCapability) -> Fixture.Expectation? {
        guard
            let fields = reader.mapping(
                node, "expect", allowed: ["outcome", "receipt", "after", "reason", "records", "submissions", "error"])
        else { return nil }
        if let error = fields["error"] { return reader.string(error, "error").map(Fixture.Expectation.error) }
        switch capability {
        case .deliver, .notify:
            guard let outcomeNode = fields["outcome"] else {
                reader.error("expect needs outcome: delivered, retry or rejected (or error:)", at: node.position)
                return nil
            }
            let reason = fields["reason"].flatMap { reader.string($0, "reason") }
            switch reader.string(outcomeNode, "outcome") {
            case "delivered":
                return .delivered(
                    receipt: fields["receipt"].map { $0.jsonValue.isNull ? nil : reader.string($0, "receipt") })
            case "retry": return .retry(after: fields["after"].flatMap { reader.duration($0, "after") }, reason: reason)
            case "rejected": return .rejected(reason: reason)
            case let other?:
                reader.error("outcome must be delivered, retry or rejected, not \"\(other)\"", at: outcomeNode.position)
                return nil
            case nil: return nil
            }
        case .fetch:
            guard let records = fields["records"] else {
                reader.error("expect needs records: the normalized records (or error:)", at: node.position)
                return nil
            }
            return .records(records.jsonValue.arrayValue ?? [records.jsonValue])
        case .ingest:
            guard let submissions = fields["submissions"] else {
                reader.error("expect needs submissions: the submissions made (or error:)", at: node.position)
                return nil
            }
            return .submissions(submissions.jsonValue.arrayValue ?? [submissions.jsonValue])
        }
    }

    /// `body:` (with an optional `format:`) or `raw:` of a request, response or webhook.
    private func body(_ fields: Fields, _ what: String) -> Fixture.Body? {
        if let raw = fields["raw"] {
            if fields["body"] != nil { reader.error("\(what) has both body and raw; keep one", at: raw.position) }
            return reader.string(raw, "raw").map(Fixture.Body.raw)
        }
        guard let body = fields["body"] else { return nil }
        return .value(body.jsonValue, format: fields["format"].flatMap { reader.choice($0, "format", BodyFormat.self) })
    }

    private func namespaces(_ node: YAMLNode?) -> [String: String] {
        guard let node else { return [:] }
        var namespaces: [String: String] = [:]
        for entry in reader.namedEntries(node, "namespaces") {
            namespaces[entry.name] = reader.string(entry.value, "namespace \(entry.name)")
        }
        return namespaces
    }

    private func headers(_ node: YAMLNode?) -> [HTTPHeader] {
        guard let node else { return [] }
        return reader.namedEntries(node, "headers").compactMap { entry in
            reader.string(entry.value, "header \(entry.name)").map { HTTPHeader(entry.name, $0) }
        }
    }

    private func contractRef(_ node: YAMLNode) -> ContractRef? {
        guard let text = reader.string(node, "contract") else { return nil }
        do {
            return try ContractRef(parsing: text)
        } catch {
            reader.error("bad contract ref \"\(text)\": \(error.reason)", at: node.position)
            return nil
        }
    }

    private func date(_ node: YAMLNode, _ what: String) -> Date? {
        guard let text = reader.string(node, what) else { return nil }
        guard let (local, offset) = DateConversion.readISO(Array(text.utf8)) else {
            reader.error("\(what) must be an ISO 8601 date-time such as 2026-11-05T08:00:00Z", at: node.position)
            return nil
        }
        return Date(timeIntervalSince1970: Double(local.epochMilliseconds) / 1000 - Double(offset ?? 8 * 3600))
    }
}
