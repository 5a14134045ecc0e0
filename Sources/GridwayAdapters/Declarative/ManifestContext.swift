import GridwayCore
import GridwayJSON

/// What every section of a manifest is read with: the reader collecting diagnostics, the declared
/// settings and code tables, and the record of which contract fields templates read and write (for
/// the checks against the contract catalog).
final class ManifestContext {
    let reader: ManifestReader
    let settings: [String: ManifestSetting]
    let tables: [String: [String: JSONValue]]
    /// Paths that read a submission's `$.data`, per contract, and whether a missing value fails the mapping.
    private(set) var dataReads: [(contract: ContractRef, path: DocumentPath, required: Bool)] = []
    /// Contract fields that fetch and ingest maps produce, with where each is written and whether the
    /// contract's grant filters it (fetched records are projected through the grant; ingested ones are not).
    private(set) var producedFields: [ProducedField] = []
    /// The settings referenced anywhere.
    private(set) var usedSettings: Set<String> = []

    init(reader: ManifestReader, settings: [String: ManifestSetting], tables: [String: [String: JSONValue]]) {
        self.reader = reader
        self.settings = settings
        self.tables = tables
    }

    /// A compiler for templates over a document with these roots (empty: any root).
    func compiler(_ documentName: String, roots: [String]) -> TemplateCompiler {
        TemplateCompiler(
            context: self,
            scope: TemplateScope(documentName: documentName, roots: roots, settings: Set(settings.keys), tables: tables)
        )
    }

    /// A JSONPath written on its own (records, receipt, cursor…) over a document with any root.
    func path(_ node: YAMLNode?, _ what: String, over documentName: String) -> DocumentPath? {
        guard let node, let text = reader.string(node, what) else { return nil }
        return compiler(documentName, roots: []).path(ExpressionText.Piece(text: text, offset: 0), in: node)
    }

    /// Notes that the paths of `compiler` read submissions of `contract`.
    func recordReads(of compiler: TemplateCompiler, contract: ContractRef?) {
        guard let contract else { return }
        let required = Set(compiler.requiredPaths.map(\.position))
        dataReads += compiler.paths.map { (contract, $0, required.contains($0.position)) }
    }

    /// Notes the member names of a record map as fields of `contract`, but for `unitField`, which
    /// carries the record's org unit and need not be one (it is read before the grant is applied).
    func recordProducedFields(
        _ node: YAMLNode, contract: ContractRef?, filteredByGrant: Bool, except unitField: String? = nil
    ) {
        guard let contract, let entries = node.entries else { return }
        for entry in entries {
            if let name = entry.key.scalar, name != unitField {
                producedFields.append(
                    ProducedField(
                        contract: contract, field: name, position: entry.key.position, filteredByGrant: filteredByGrant)
                )
            }
        }
    }

    /// Notes that a template refers to a setting.
    func noteUse(ofSetting name: String) {
        usedSettings.insert(name)
    }

    /// A constant text (literal and `${settings.…}` only), e.g. an auth field or a URL.
    func constantText(_ node: YAMLNode, _ what: String) -> Interpolation? {
        guard let text = compiler(what, roots: []).text(node, what) else { return nil }
        guard text.isConstant else {
            reader.error("\(what) can only use settings, not values from the document", at: node.position)
            return nil
        }
        return text
    }

    /// A credential: text that must take its secret from a setting, never a literal in the manifest.
    func secretText(_ node: YAMLNode, _ what: String) -> Interpolation? {
        guard let text = constantText(node, what) else { return nil }
        let names = text.settingNames
        guard !names.isEmpty else {
            reader.error(
                "\(what) holds a literal secret; put it in an environment variable and write ${settings.NAME} (declare NAME under settings: with env: and secret: true)",
                at: node.position)
            return nil
        }
        for name in names where settings[name]?.isSecret == false {
            reader.warning(
                "\(what) uses the setting \"\(name)\", which is not marked secret: true, so its value may be shown",
                at: node.position)
        }
        return text
    }
}
