import GridwayCore
import GridwayJSON

extension JSONValue {
    /// The text a scalar is written as in XML, form and CSV bodies: a string as it is, a number or a
    /// boolean as its JSON text; `nil` for `null`, arrays and objects.
    var codecText: String? {
        switch self {
        case .string(let string): string
        case .bool, .integer, .number: serializedString()
        case .null, .array, .object: nil
        }
    }

    /// What the value is, for errors: `an object`, `an array`, …
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
