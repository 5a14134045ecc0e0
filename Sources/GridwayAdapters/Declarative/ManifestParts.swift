import GridwayCore
import GridwayJSON

/// The top level of a manifest, read key by key; see ``AdapterManifest`` for the format.
struct ManifestParts {
    var id: String
    var title: String
    var summary: String?
    var kind: AdapterManifest.Kind
    var capabilities: Set<AdapterCapability>
    var contracts: [ContractGrant]
    var jurisdiction: String?
    var settings: [ManifestSetting]
    var deliver: SendSection?
    var notify: SendSection?
    var fetch: FetchSection?
    var ingest: IngestSection?
    var remote: RemoteSection?
    var contractPositions: [ContractRef: AdapterManifest.ContractPosition]
    var context: ManifestContext

    static let keys = [
        "id", "title", "description", "kind", "capabilities", "jurisdiction", "contracts", "settings", "tables",
        "deliver", "fetch", "ingest", "notify", "remote",
    ]

    /// Reads the whole manifest, recording every mistake in `reader`; `nil` when the parts needed
    /// to go on (id, kind, capabilities) are unusable.
    static func read(_ root: YAMLNode, _ reader: ManifestReader, folderName: String?) -> ManifestParts? {
        guard
            let fields = reader.mapping(
                root, "the manifest", allowed: keys, required: ["id", "title", "kind", "capabilities", "contracts"])
        else { return nil }
        let id = fields["id"].flatMap { idNode -> String? in
            guard let id = reader.nonEmptyString(idNode, "id") else { return nil }
            if !ContractRef.isValidID(id) {
                reader.error(
                    "id \"\(id)\" must be lowercase kebab-case, e.g. civil-affairs-elderly", at: idNode.position)
            } else if let folderName, folderName != id {
                reader.error("id \"\(id)\" must equal the adapter's folder name \"\(folderName)\"", at: idNode.position)
            }
            return id
        }
        let title = fields["title"].flatMap { reader.nonEmptyString($0, "title") }
        let kind = fields["kind"].flatMap { reader.choice($0, "kind", AdapterManifest.Kind.self) }
        let capabilities = fields["capabilities"].map { capabilityList($0, reader) } ?? []
        let jurisdiction = fields["jurisdiction"].flatMap { node -> String? in
            guard let code = reader.nonEmptyString(node, "jurisdiction") else { return nil }
            if !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                reader.error(
                    "jurisdiction must be an org-unit code (digits, e.g. \"210102\"), not \"\(code)\"",
                    at: node.position)
            }
            return code
        }
        let (grants, positions) = fields["contracts"].map { contractList($0, reader) } ?? ([], [:])
        let settings = fields["settings"].map { settingList($0, reader) } ?? []
        let tables = fields["tables"].map { tableList($0, reader) } ?? [:]
        let context = ManifestContext(
            reader: reader, settings: Dictionary(settings.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }),
            tables: tables)
        let choice = ContractChoice(refs: grants.map(\.contract))
        let deliver = fields["deliver"].flatMap {
            SendSection.read($0, capability: .deliver, context, contracts: choice)
        }
        let notify = fields["notify"].flatMap { SendSection.read($0, capability: .notify, context, contracts: choice) }
        let fetch = fields["fetch"].flatMap { FetchSection.read($0, context, contracts: choice) }
        let ingest = fields["ingest"].flatMap { IngestSection.read($0, context, contracts: choice) }
        let remote = fields["remote"].flatMap { RemoteSection.read($0, context) }
        if let kind { checkSections(fields, kind: kind, capabilities: capabilities, reader) }
        for setting in settings where !context.usedSettings.contains(setting.name) {
            reader.warning("setting \"\(setting.name)\" is never used", at: setting.position)
        }
        guard let id, let title, let kind else { return nil }
        return ManifestParts(
            id: id, title: title, summary: fields["description"].flatMap { reader.string($0, "description") },
            kind: kind,
            capabilities: capabilities, contracts: grants, jurisdiction: jurisdiction, settings: settings,
            deliver: deliver,
            notify: notify, fetch: fetch, ingest: ingest, remote: remote, contractPositions: positions, context: context
        )
    }

    /// Each capability has its section (declarative) or none does (remote).
    private static func checkSections(
        _ fields: Fields, kind: AdapterManifest.Kind, capabilities: Set<AdapterCapability>, _ reader: ManifestReader
    ) {
        switch kind {
        case .declarative:
            if let remote = fields.entries["remote"] {
                reader.error(
                    "remote: belongs to kind: remote adapters; this one is declarative", at: remote.key.position)
            }
            for capability in AdapterCapability.allCases {
                let section = fields.entries[capability.rawValue]
                if capabilities.contains(capability), section == nil {
                    reader.error(
                        "capabilities lists \(capability.rawValue) but there is no \(capability.rawValue): section",
                        at: fields["capabilities"]?.position ?? fields.node.position)
                } else if let section, !capabilities.contains(capability) {
                    reader.error(
                        "\(capability.rawValue): section present but capabilities does not list \(capability.rawValue)",
                        at: section.key.position)
                }
            }
        case .remote:
            if fields["remote"] == nil {
                reader.error(
                    "a kind: remote adapter needs a remote: section with its endpoint", at: fields.node.position)
            }
            for capability in AdapterCapability.allCases {
                if let section = fields.entries[capability.rawValue] {
                    reader.error(
                        "\(capability.rawValue): sections belong to declarative adapters; a remote service does the work",
                        at: section.key.position)
                }
            }
        }
        if capabilities.isEmpty {
            reader.error(
                "capabilities must list at least one of deliver, fetch, ingest, notify",
                at: fields["capabilities"]?.position ?? fields.node.position)
        }
    }

    private static func capabilityList(_ node: YAMLNode, _ reader: ManifestReader) -> Set<AdapterCapability> {
        var capabilities: Set<AdapterCapability> = []
        for entry in reader.stringList(node, "capabilities") {
            guard let capability = AdapterCapability(rawValue: entry.text) else {
                let names = AdapterCapability.allCases.map(\.rawValue)
                reader.error(
                    "unknown capability \"\(entry.text)\"\(Suggestion.didYouMean(entry.text, among: names)); use \(names.joined(separator: ", "))",
                    at: entry.node.position)
                continue
            }
            if !capabilities.insert(capability).inserted {
                reader.error("capability \(entry.text) is listed twice", at: entry.node.position)
            }
        }
        return capabilities
    }

    /// `contracts:` entries: `{ref: x@1, grant: [fields]}` or just `x@1`.
    private static func contractList(_ node: YAMLNode, _ reader: ManifestReader) -> (
        [ContractGrant], [ContractRef: AdapterManifest.ContractPosition]
    ) {
        guard let elements = node.elements else {
            reader.error("contracts must be a list of {ref: id@major, grant: [fields]}", at: node.position)
            return ([], [:])
        }
        var grants: [ContractGrant] = []
        var positions: [ContractRef: AdapterManifest.ContractPosition] = [:]
        for element in elements {
            let refNode: YAMLNode?
            var granted: [(text: String, node: YAMLNode)] = []
            if element.scalar != nil {
                refNode = element
            } else if let fields = reader.mapping(
                element, "a contracts entry", allowed: ["ref", "grant"], required: ["ref"])
            {
                refNode = fields["ref"]
                granted = fields["grant"].map { reader.stringList($0, "grant") } ?? []
            } else {
                refNode = nil
            }
            guard let refNode, let text = reader.string(refNode, "contract ref") else { continue }
            let ref: ContractRef
            do {
                ref = try ContractRef(parsing: text)
            } catch {
                reader.error("bad contract ref \"\(text)\": \(error.reason)", at: refNode.position)
                continue
            }
            guard positions[ref] == nil else {
                reader.error("contract \(ref) is listed twice", at: refNode.position)
                continue
            }
            positions[ref] = AdapterManifest.ContractPosition(
                ref: refNode.position,
                grants: Dictionary(granted.map { ($0.text, $0.node.position) }, uniquingKeysWith: { a, _ in a }))
            grants.append(ContractGrant(contract: ref, grantedFields: Set(granted.map(\.text))))
        }
        return (grants, positions)
    }

    private static func settingList(_ node: YAMLNode, _ reader: ManifestReader) -> [ManifestSetting] {
        reader.namedEntries(node, "settings").compactMap { entry in
            guard
                let fields = reader.mapping(
                    entry.value, "setting \(entry.name)", allowed: ["env", "default", "secret"], required: ["env"]),
                let variable = fields["env"].flatMap({ reader.nonEmptyString($0, "env") })
            else { return nil }
            let isSecret = fields["secret"].flatMap { reader.bool($0, "secret") } ?? false
            if isSecret, let fallback = fields["default"] {
                reader.error(
                    "a secret setting must not have a default: the secret would sit in the manifest",
                    at: fallback.position)
            }
            return ManifestSetting(
                name: entry.name, environmentVariable: variable,
                defaultValue: fields["default"].flatMap { reader.string($0, "default") }, isSecret: isSecret,
                position: entry.key.position)
        }
    }

    private static func tableList(_ node: YAMLNode, _ reader: ManifestReader) -> [String: [String: JSONValue]] {
        var tables: [String: [String: JSONValue]] = [:]
        for entry in reader.namedEntries(node, "tables") {
            var table: [String: JSONValue] = [:]
            for code in reader.namedEntries(entry.value, "table \(entry.name)") {
                table[code.name] = code.value.jsonValue
            }
            tables[entry.name] = table
        }
        return tables
    }
}
