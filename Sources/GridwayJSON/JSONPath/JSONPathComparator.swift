/// A comparison operator of a filter expression, with RFC 9535's semantics (section 2.3.5.2.2).
enum JSONPathComparator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Compares two operands, `nil` standing for Nothing: Nothing equals only Nothing; values
    /// are equal by JSON equality; only two numbers or two strings are ordered.
    func compare(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch self {
        case .equal: return Self.equal(left, right)
        case .notEqual: return !Self.equal(left, right)
        case .less: return Self.less(left, right)
        case .lessOrEqual: return Self.less(left, right) || Self.equal(left, right)
        case .greater: return Self.less(right, left)
        case .greaterOrEqual: return Self.less(right, left) || Self.equal(left, right)
        }
    }

    private static func equal(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (.none, .none): return true
        case (let left?, let right?): return left.isJSONEqual(to: right)
        default: return false
        }
    }

    private static func less(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (.integer(let a)?, .integer(let b)?): return a < b
        case (.number(let a)?, .number(let b)?): return a < b
        case (.integer(let a)?, .number(let b)?): return integer(a, isLessThan: b)
        case (.number(let a)?, .integer(let b)?): return double(a, isLessThan: b)
        case (.string(let a)?, .string(let b)?): return a.utf8.lexicographicallyPrecedes(b.utf8)  // code point order
        default: return false
        }
    }

    /// `a < b` without the rounding an `Int64` to `Double` conversion would bring.
    private static func integer(_ a: Int64, isLessThan b: Double) -> Bool {
        if b.isNaN { return false }
        if b >= 0x1p63 { return true }
        if b < -0x1p63 { return false }
        // For an integer a, a < b exactly when a < ceil(b); ceil(b) < 2^63 here.
        return a < Int64(b.rounded(.up))
    }

    /// `a < b` without the rounding an `Int64` to `Double` conversion would bring.
    private static func double(_ a: Double, isLessThan b: Int64) -> Bool {
        if a.isNaN { return false }
        if a >= 0x1p63 { return false }
        if a < -0x1p63 { return true }
        // For an integer b, a < b exactly when floor(a) < b.
        return Int64(a.rounded(.down)) < b
    }
}
