import GridwayJSON
import OrderedCollections

/// The 一数一源 review of a contract catalog, for a 报表准入 board deciding whether a new form may
/// be admitted: which data elements several contracts collect, which fields reference no element,
/// and which shared elements are collected without one contract's values ever filling another's.
///
/// Contracts count by id (two majors of one report are one form). Fields are looked at through
/// object fields; a field inside an array is covered by its array field's element.
public struct CatalogOverlap: Sendable, Hashable {
    /// One contract field holding a data element.
    public struct Use: Sendable, Hashable {
        /// The contract, e.g. `elderly-visit@1`.
        public let contract: ContractRef
        /// The field, e.g. `/elderPhone`.
        public let field: JSONPointer
        /// The field's Chinese label.
        public let title: String
        /// What the value can be reused for: `person by person.idNumber` when the field is a subject
        /// fact (a value given for the same subject in any use of the same group prefills it);
        /// `nil` for an event fact, which is never reused.
        public let reuseGroup: String?
    }

    /// A data element and the fields collecting it.
    public struct SharedElement: Sendable, Hashable {
        /// The element.
        public let element: DataElement
        /// Every field collecting it, by contract, then field.
        public let uses: [Use]

        /// The number of distinct contract ids collecting the element.
        public var contractCount: Int {
            Set(uses.map(\.contract.id)).count
        }

        /// Whether every use falls into one reuse group, so a value typed in one contract fills the
        /// others (an event fact is a group of its own).
        public var isReused: Bool {
            let groups = uses.map { $0.reuseGroup ?? "\($0.contract)\($0.field)" }
            return Set(groups).count == 1
        }
    }

    /// A field that references no element (nor does any of its nested fields).
    public struct UnreferencedField: Sendable, Hashable {
        /// The contract.
        public let contract: ContractRef
        /// The field.
        public let field: JSONPointer
        /// The field's Chinese label.
        public let title: String
    }

    /// Elements collected by more than one contract, by element id.
    public let shared: [SharedElement]
    /// Fields referencing no element, by contract, then document order.
    public let unreferenced: [UnreferencedField]
    /// Shared elements (other than event elements, which are never reused by design) whose uses
    /// fall into more than one reuse group: a subject fact in one contract and an event fact in
    /// another, subjects of different kinds, or subjects identified by different elements.
    public var notReused: [SharedElement] {
        shared.filter { $0.element.subjectKind != .event && !$0.isReused }
    }

    /// Reviews `catalog`.
    public init(catalog: ContractCatalog) {
        var uses: OrderedDictionary<String, [Use]> = [:]
        var unreferenced: [UnreferencedField] = []
        for contract in catalog.contracts {
            let group = contract.subject.map(Self.reuseGroup)
            for path in Contract.pointers(to: contract.fields) {
                guard let element = path.field.element else { continue }
                uses[element, default: []].append(
                    Use(
                        contract: contract.ref, field: path.pointer, title: path.field.title,
                        reuseGroup: path.field.isSubjectFact ? group : nil))
            }
            unreferenced += Self.unreferenced(contract.fields, under: .root).map {
                UnreferencedField(contract: contract.ref, field: $0.pointer, title: $0.field.title)
            }
        }
        shared = uses.sorted { $0.key < $1.key }.compactMap { id, uses in
            guard let element = catalog.elements.element(id) else { return nil }
            let entry = SharedElement(element: element, uses: uses)
            return entry.contractCount > 1 ? entry : nil
        }
        self.unreferenced = unreferenced
    }

    /// `person by person.idNumber`, `org-unit` for the unit itself.
    private static func reuseGroup(_ subject: ReportSubject) -> String {
        subject.key.isEmpty
            ? subject.kind.rawValue
            : "\(subject.kind.rawValue) by \(subject.key.map(\.element).joined(separator: " + "))"
    }

    /// The fields of `fields` without an element whose nested object fields have none either.
    private static func unreferenced(_ fields: [ContractField], under parent: JSONPointer) -> [(
        pointer: JSONPointer, field: ContractField
    )] {
        fields.flatMap { field -> [(pointer: JSONPointer, field: ContractField)] in
            let pointer = parent.appending(field.name)
            guard field.element == nil else { return [] }
            let referencing = Contract.pointers(to: field.type == .object ? field.fields : [])
                .contains { $0.field.element != nil }
            return referencing ? unreferenced(field.fields, under: pointer) : [(pointer, field)]
        }
    }

    /// The review as JSON: `sharedElements`, `unreferencedFields` and `notReused` (element ids).
    public var json: JSONValue {
        func use(_ use: Use) -> JSONValue {
            [
                "contract": .string(use.contract.description), "field": .string(use.field.description),
                "title": .string(use.title), "reuseGroup": use.reuseGroup.map(JSONValue.string) ?? .null,
            ]
        }
        func element(_ entry: SharedElement) -> JSONValue {
            [
                "element": .string(entry.element.id), "title": .string(entry.element.title),
                "subjectKind": .string(entry.element.subjectKind.rawValue),
                "contracts": .integer(Int64(entry.contractCount)),
                "reused": .bool(entry.isReused), "uses": .array(entry.uses.map(use)),
            ]
        }
        return [
            "sharedElements": .array(shared.map(element)),
            "unreferencedFields": .array(
                unreferenced.map {
                    [
                        "contract": .string($0.contract.description), "field": .string($0.field.description),
                        "title": .string($0.title),
                    ]
                }),
            "notReused": .array(notReused.map { .string($0.element.id) }),
        ]
    }
}
