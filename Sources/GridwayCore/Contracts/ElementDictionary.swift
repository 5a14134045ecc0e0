import GridwayJSON
import OrderedCollections

/// The data-element dictionary (数据元 / 指标库): every shared fact contract fields can reference
/// with `x-gridway-element`, read from `contracts/elements.json`.
///
/// The file is one object: `{"elements": {"person.idNumber": {"title": "居民身份证号码",
/// "type": "string", "pii": "id-number", "sharing": "restricted", "subject": "person"}, …}}`, with an
/// optional `"format"` per element.
public struct ElementDictionary: Sendable {
    /// The name of the dictionary's file in a contracts folder, which is not a contract.
    public static let fileName = "elements.json"

    /// Every element, in file order.
    public let elements: [DataElement]
    private let byID: [String: DataElement]

    /// A dictionary of `elements`; a later element with an id already given replaces the earlier.
    public init(elements: [DataElement] = []) {
        self.elements = elements
        byID = Dictionary(elements.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
    }

    /// Reads a dictionary document.
    /// - Throws: ``ContractError`` with every error finding.
    public init(document: JSONValue, source: String) throws(ContractError) {
        let reading = Self.read(document: document, source: source)
        let errors = reading.findings.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw ContractError(source: source, findings: errors, document: "data-element dictionary")
        }
        self = reading.dictionary
    }

    /// The element with `id`, or `nil`.
    public func element(_ id: String) -> DataElement? {
        byID[id]
    }

    /// Reads a dictionary document, collecting every problem instead of stopping at the first.
    ///
    /// - Returns: the elements read without error, and every finding in document order.
    public static func read(document: JSONValue, source: String) -> (
        dictionary: ElementDictionary, findings: [ContractFinding]
    ) {
        var findings: [ContractFinding] = []
        func error(_ location: JSONPointer, _ message: String) {
            findings.append(ContractFinding(severity: .error, file: source, location: location, message: message))
        }
        let elementsLocation = JSONPointer(tokens: ["elements"])
        guard case .object(let entries)? = document["elements"] else {
            error(
                document.objectValue == nil ? .root : elementsLocation,
                "the dictionary needs an \"elements\" object keyed by element id")
            return (ElementDictionary(), findings)
        }
        var elements: [DataElement] = []
        for (id, entry) in entries {
            let location = elementsLocation.appending(id)
            if !DataElement.isValidID(id) {
                error(
                    location,
                    "element id \"\(id)\" must be lowerCamelCase names joined by dots, e.g. \"person.idNumber\"")
            }
            guard let members = entry.objectValue else {
                error(location, "element \"\(id)\" must be an object")
                continue
            }
            for key in members.keys where !knownKeys.contains(key) {
                findings.append(
                    ContractFinding(
                        severity: .warning, file: source, location: location.appending(key),
                        message: "unknown element key \"\(key)\" (known: \(knownKeys.sorted().joined(separator: ", ")))"
                    ))
            }
            let title = entry["title"]?.stringValue
            if title?.allSatisfy(\.isWhitespace) ?? true {
                error(location.appending("title"), "element \"\(id)\" needs a non-empty Chinese \"title\"")
            } else if let title, !ContractReader.containsHan(title) {
                findings.append(
                    ContractFinding(
                        severity: .warning, file: source, location: location.appending("title"),
                        message: "the title of element \"\(id)\" should be in Chinese"))
            }
            let format = entry["format"]
            if let format, format.stringValue == nil {
                error(location.appending("format"), "\"format\" must be a string such as \"date\"")
            }
            let type = value(
                ContractFieldType.self, "type", of: entry, at: location, source: source, findings: &findings)
            let pii = value(PIIClass.self, "pii", of: entry, at: location, source: source, findings: &findings)
            let sharing = value(
                SharingLevel.self, "sharing", of: entry, at: location, source: source, findings: &findings)
            let subject = value(
                SubjectKind.self, "subject", of: entry, at: location, source: source, findings: &findings)
            if let title, let type, let pii, let sharing, let subject {
                elements.append(
                    DataElement(
                        id: id, title: title, type: type, format: format?.stringValue, pii: pii, sharing: sharing,
                        subjectKind: subject))
            }
        }
        return (ElementDictionary(elements: elements), findings)
    }

    /// The keys an element entry may have.
    static let knownKeys: Set<String> = ["title", "description", "type", "format", "pii", "sharing", "subject"]

    /// The value of the required enumerated `key` of an element entry, or an error finding.
    private static func value<Value: RawRepresentable & CaseIterable>(
        _: Value.Type, _ key: String, of entry: JSONValue, at location: JSONPointer, source: String,
        findings: inout [ContractFinding]
    ) -> Value? where Value.RawValue == String {
        if let value = entry[key]?.stringValue.flatMap(Value.init(rawValue:)) { return value }
        findings.append(
            ContractFinding(
                severity: .error, file: source, location: location.appending(key),
                message: "\"\(key)\" must be one of \(ContractReader.list(Value.allCases))"))
        return nil
    }
}
