import GridwayJSON

/// The burden figures of some accepted submissions: what the workers typed, what they kept from
/// prefill, what Gridway delivered upstream for them, and how many forms they replaced.
public struct BurdenFigures: Sendable, Hashable {
    /// The accepted submissions counted.
    public var submissions: Int64
    /// Filled fields whose value the worker typed (or changed from the value offered).
    public var fieldsTyped: Int64
    /// Filled fields whose value the worker kept exactly as a prefill token offered it.
    public var fieldsKept: Int64
    /// Field values the targets receive, summed over the deliveries (after each target's grant).
    public var valuesDelivered: Int64
    /// Upstream forms the submissions replaced: one per target that receives one.
    public var formsReplaced: Int64

    /// Figures, zero unless given.
    public init(
        submissions: Int64 = 0, fieldsTyped: Int64 = 0, fieldsKept: Int64 = 0, valuesDelivered: Int64 = 0,
        formsReplaced: Int64 = 0
    ) {
        self.submissions = submissions
        self.fieldsTyped = fieldsTyped
        self.fieldsKept = fieldsKept
        self.valuesDelivered = valuesDelivered
        self.formsReplaced = formsReplaced
    }

    /// The figures of one submission of `data` under `contract`: its filled top-level fields are
    /// kept when named in `kept`, typed otherwise; each of `receivers` (one per target, telling the
    /// fields its grant lets it see) receives the filled fields it allows, and replaces one form.
    public init(of data: JSONValue, contract: Contract, kept: Set<String>, receivers: [(ContractField) -> Bool]) {
        let filled = data.filledFields(of: contract)
        let keptCount = filled.count { kept.contains($0.name) }
        let delivered = receivers.reduce(0) { total, receives in total + filled.count(where: receives) }
        self.init(
            submissions: 1, fieldsTyped: Int64(filled.count - keptCount), fieldsKept: Int64(keptCount),
            valuesDelivered: Int64(delivered), formsReplaced: Int64(receivers.count))
    }

    /// Adds `other`'s figures to these.
    public mutating func add(_ other: BurdenFigures) {
        submissions += other.submissions
        fieldsTyped += other.fieldsTyped
        fieldsKept += other.fieldsKept
        valuesDelivered += other.valuesDelivered
        formsReplaced += other.formsReplaced
    }

    /// The figures in their stored order: submissions, typed, kept, delivered, forms replaced.
    public var columns: [Int64] { [submissions, fieldsTyped, fieldsKept, valuesDelivered, formsReplaced] }

    /// Figures from ``columns`` order.
    public init(columns: [Int64]) {
        self.init(
            submissions: columns[0], fieldsTyped: columns[1], fieldsKept: columns[2], valuesDelivered: columns[3],
            formsReplaced: columns[4])
    }
}

extension JSONValue {
    /// Whether the value fills nothing: `null`, `""`, `[]` or `{}`.
    public var fillsNothing: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    /// `contract`'s top-level fields this object fills: present and not ``fillsNothing``.
    public func filledFields(of contract: Contract) -> [ContractField] {
        guard case .object(let members) = self else { return [] }
        return contract.fields.filter { members[$0.name].map { !$0.fillsNothing } ?? false }
    }
}
