/// The JSON type a contract field declares with the schema's `type` keyword.
public enum ContractFieldType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A JSON string.
    case string
    /// A number without a fractional part.
    case integer
    /// Any JSON number.
    case number
    /// `true` or `false`.
    case boolean
    /// A JSON object.
    case object
    /// A JSON array.
    case array

    /// Whether values of this type can be summed, averaged and compared by a measure.
    public var isNumeric: Bool {
        self == .integer || self == .number
    }
}
