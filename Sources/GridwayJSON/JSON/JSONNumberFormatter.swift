/// Formats doubles the way ECMAScript's `Number.prototype.toString` does (RFC 8785 §3.2.2.3).
enum JSONNumberFormatter {
    /// The ECMAScript string of a finite double: shortest round-trip digits, plain notation for
    /// decimal exponents in -6 ..< 21, exponent notation (`1e+21`, `1.5e-7`) otherwise.
    static func ecmaScriptString(_ value: Double) -> String {
        if value == 0 { return "0" }
        let (digits, exponent) = shortestDigits(value.magnitude)
        let k = digits.count
        let n = exponent
        var result = value < 0 ? "-" : ""
        if k <= n && n <= 21 {
            result += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result += digits.prefix(n) + "." + digits.dropFirst(n)
        } else if -6 < n && n <= 0 {
            result += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let sign = n - 1 < 0 ? "-" : "+"
            let mantissa = k == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst(1)
            result += mantissa + "e" + sign + String((n - 1).magnitude)
        }
        return result
    }

    /// The shortest round-trip decimal digits of a positive finite double, and the position `n`
    /// of the decimal point, so that the value is `0.digits × 10^n`.
    private static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        // Swift's description is the shortest round-trip representation, e.g. "1.5e-07", "123.0".
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits = ""
        var point = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
            } else {
                digits.append(character)
                if !seenPoint { point += 1 }
            }
        }
        point += exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        return (digits, point)
    }
}
