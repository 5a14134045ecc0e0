import GridwayCore
import GridwayJSON

/// The filters of a unified query or a prefill, applied by Gridway itself to normalized records,
/// whether or not an adapter forwarded them: a record passes when each filtered top-level field holds
/// exactly the value asked (text as is; a number or boolean by value, so `durationMinutes=40` matches
/// `40`). A record without the field does not pass.
struct RecordFilter {
    /// The value asked for, by field name.
    let values: [String: String]

    /// Whether `record` holds every asked value.
    func admits(_ record: JSONValue) -> Bool {
        values.allSatisfy { name, asked in record[name].map { Self.value($0, equals: asked) } ?? false }
    }

    private static func value(_ value: JSONValue, equals asked: String) -> Bool {
        switch value {
        case .string(let text): text == asked
        case .integer(let number): Int64(asked) == number
        case .number(let number): Double(asked) == number
        case .bool(let flag): String(flag) == asked
        case .null, .array, .object: false
        }
    }
}
