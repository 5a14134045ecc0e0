import OrderedCollections

extension JSONValue {
    /// The member named `key` if this is an object that has it, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` if this is an array long enough, otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The boolean if this is a ``bool(_:)``.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The string if this is a ``string(_:)``.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number as a double if this is an ``integer(_:)`` or a ``number(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .integer(let integer): return Double(integer)
        case .number(let double): return double
        default: return nil
        }
    }

    /// The number as an `Int64` if this is an ``integer(_:)`` or a ``number(_:)`` with an exact
    /// `Int64` value (so `1.0` gives `1`, `1.5` gives `nil`).
    public var int64Value: Int64? {
        switch self {
        case .integer(let integer): return integer
        case .number(let double): return Int64(exactly: double)
        default: return nil
        }
    }

    /// The number as an `Int` if it has an exact `Int` value; see ``int64Value``.
    public var intValue: Int? {
        int64Value.flatMap { Int(exactly: $0) }
    }

    /// The elements if this is an ``array(_:)``.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members if this is an ``object(_:)``.
    public var objectValue: OrderedDictionary<String, JSONValue>? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The JSON Schema type name of the value: `null`, `boolean`, `integer`, `number`,
    /// `string`, `array` or `object`. A ``number(_:)`` with an integral value is `integer`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number(let double): return double.rounded(.towardZero) == double ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
