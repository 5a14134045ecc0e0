import Foundation

/// Exact comparisons and arithmetic on JSON numbers for the numeric keywords.
enum SchemaNumbers {
    /// Compares two numbers (``JSONValue/integer(_:)`` or ``JSONValue/number(_:)``) exactly,
    /// returning -1, 0 or 1.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.integer(let x), .number(let y)):
            return compare(x, y)
        case (.number(let x), .integer(let y)):
            return -compare(y, x)
        default:
            let x = a.doubleValue ?? 0
            let y = b.doubleValue ?? 0
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// Compares an integer with a double without rounding either.
    private static func compare(_ integer: Int64, _ double: Double) -> Int {
        if double >= 0x1p63 { return -1 }
        if double < -0x1p63 { return 1 }
        let floor = double.rounded(.down)
        let whole = Int64(floor)
        if integer < whole { return -1 }
        if integer > whole { return 1 }
        return floor == double ? 0 : -1
    }

    /// Whether `value` is an integer multiple of `divisor`, computed in decimal so that cases
    /// such as `0.0075` and `0.0001` are exact.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .integer(let x) = value, case .integer(let y) = divisor {
            return x.remainderReportingOverflow(dividingBy: y).partialValue == 0
        }
        guard let x = value.doubleValue, let y = divisor.doubleValue else { return false }
        let quotient = x / y
        guard quotient.isFinite else {
            // Too large to divide: an integer is a multiple of any divisor whose reciprocal is an integer.
            guard x.rounded() == x, let decimalY = Decimal(string: divisor.description) else { return false }
            return isIntegral(1 / decimalY)
        }
        if let decimalX = Decimal(string: value.description), let decimalY = Decimal(string: divisor.description),
            !decimalX.isNaN, !decimalY.isNaN
        {
            let exact = decimalX / decimalY
            if !exact.isNaN {
                return isIntegral(exact)
            }
        }
        return quotient.rounded() == quotient
    }

    private static func isIntegral(_ value: Decimal) -> Bool {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded == value
    }

    /// The indexes of the first two JSON-equal elements, if any.
    static func firstDuplicate(in elements: [JSONValue]) -> (Int, Int)? {
        if elements.count <= 16 {
            for i in elements.indices {
                for j in elements.indices.dropFirst(i + 1) where elements[i].isJSONEqual(to: elements[j]) {
                    return (i, j)
                }
            }
            return nil
        }
        // Canonical bytes are equal exactly when values are JSON-equal.
        var seen: [[UInt8]: Int] = [:]
        for (index, element) in elements.enumerated() {
            if let first = seen.updateValue(index, forKey: element.canonicalBytes()) {
                return (first, index)
            }
        }
        return nil
    }
}

extension JSONValue {
    /// Whether the value is an ``integer(_:)`` or a ``number(_:)``.
    var isNumber: Bool {
        switch self {
        case .integer, .number: return true
        default: return false
        }
    }
}
