import GridwayJSON
import OrderedCollections

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
        self.init(submissions: 1, formsReplaced: Int64(receivers.count))
        guard case .object(let members) = data else { return }
        for field in contract.fields where members[field.name].map({ !$0.fillsNothing }) ?? false {
            if kept.contains(field.name) { fieldsKept += 1 } else { fieldsTyped += 1 }
            valuesDelivered += Int64(receivers.count { $0(field) })
        }
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
}
