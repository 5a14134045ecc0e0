/// Filter expressions and function calls, with RFC 9535's well-typedness rules
/// (section 2.4.3): a type error is reported as a syntax error at the offending operand.
extension JSONPathParser {
    /// A comparable or test as parsed, before its context decides what it may be.
    enum Primary {
        case literal(JSONValue)
        case query(JSONPathQuery)
        /// A call of a function whose result is of value type.
        case valueFunction(name: String, JSONPathValueExpression)
        /// A call of a function whose result is of logical type.
        case logicalFunction(name: String, JSONPathLogicalExpression)
    }

    /// An operand of `||`, `&&`, a filter or a function argument: a bare primary, or an
    /// expression already of logical type.
    enum Operand {
        case primary(Primary, offset: Int)
        case logical(JSONPathLogicalExpression)
    }

    /// The functions RFC 9535 defines.
    enum Function: String {
        case length, count, match, search, value
    }

    /// `logical-expr` where a test is required: after `?` and inside parentheses.
    mutating func parseFilterExpression() throws(JSONPathSyntaxError) -> JSONPathLogicalExpression {
        try test(parseOr())
    }

    /// `logical-or-expr = logical-and-expr *(S "||" S logical-and-expr)`
    private mutating func parseOr() throws(JSONPathSyntaxError) -> Operand {
        try parseChain(of: "||", combine: JSONPathLogicalExpression.or) {
            (parser: inout Self) throws(JSONPathSyntaxError) in
            try parser.parseAnd()
        }
    }

    /// `logical-and-expr = basic-expr *(S "&&" S basic-expr)`
    private mutating func parseAnd() throws(JSONPathSyntaxError) -> Operand {
        try parseChain(of: "&&", combine: JSONPathLogicalExpression.and) {
            (parser: inout Self) throws(JSONPathSyntaxError) in
            try parser.parseBasic()
        }
    }

    /// Operands separated by `symbol`; a single operand is returned as it is.
    private mutating func parseChain(
        of symbol: String, combine: ([JSONPathLogicalExpression]) -> JSONPathLogicalExpression,
        operand: (inout Self) throws(JSONPathSyntaxError) -> Operand
    ) throws(JSONPathSyntaxError) -> Operand {
        let first = try operand(&self)
        var terms: [JSONPathLogicalExpression] = []
        while true {
            let beforeBlank = position
            skipBlank()
            guard lookingAt(symbol) else {
                position = beforeBlank
                break
            }
            if terms.isEmpty { terms.append(try test(first)) }
            position += 2
            skipBlank()
            terms.append(try test(operand(&self)))
        }
        return terms.isEmpty ? first : .logical(combine(terms))
    }

    /// `basic-expr = paren-expr / comparison-expr / test-expr`
    private mutating func parseBasic() throws(JSONPathSyntaxError) -> Operand {
        let start = position
        if current == "!" {
            position += 1
            skipBlank()
            let negated: JSONPathLogicalExpression
            if current == "(" {
                negated = try parseParenthesized()
            } else {
                let operandStart = position
                let primary = try parsePrimary()
                if case .literal = primary {
                    throw error(
                        "'!' applies to a query, a function call or a parenthesized expression, not a literal",
                        at: operandStart)
                }
                negated = try test(.primary(primary, offset: operandStart))
            }
            try refuseComparison(
                of: "a negated expression", hint: "put the comparison in parentheses, e.g. !(@.a == 1)")
            return .logical(.not(negated))
        }
        if current == "(" {
            let inner = try parseParenthesized()
            try refuseComparison(
                of: "a parenthesized expression", hint: "compare queries, literals or function calls directly")
            return .logical(inner)
        }
        let left = try parsePrimary()
        let beforeBlank = position
        skipBlank()
        guard let comparator = try parseComparator() else {
            position = beforeBlank
            return .primary(left, offset: start)
        }
        skipBlank()
        let rightStart = position
        if current == "(" || current == "!" {
            throw error(
                "expected a literal, a singular query or a function call after '\(comparator.rawValue)', found \(found)"
            )
        }
        let right = try parsePrimary()
        return .logical(
            .comparison(
                try comparable(left, at: start, comparator: comparator),
                comparator,
                try comparable(right, at: rightStart, comparator: comparator)))
    }

    /// `paren-expr`'s `"(" S logical-expr S ")"`.
    private mutating func parseParenthesized() throws(JSONPathSyntaxError) -> JSONPathLogicalExpression {
        let open = position
        position += 1
        try nest()
        skipBlank()
        let inner = try parseFilterExpression()
        skipBlank()
        guard current == ")" else {
            throw error(
                current == nil
                    ? "expected ')' to close the parenthesis opened at column \(open + 1)"
                    : "expected ')' to close the parenthesis opened at column \(open + 1), found \(found)")
        }
        position += 1
        depth -= 1
        return inner
    }

    /// Refuses a comparison operator after an operand that cannot be compared.
    private mutating func refuseComparison(of what: String, hint: String) throws(JSONPathSyntaxError) {
        let beforeBlank = position
        skipBlank()
        let operatorStart = position
        if let comparator = try parseComparator() {
            throw error("\(what) cannot be compared with '\(comparator.rawValue)'; \(hint)", at: operatorStart)
        }
        position = beforeBlank
    }

    /// A comparison operator at the position, consumed, or `nil` if there is none.
    private mutating func parseComparator() throws(JSONPathSyntaxError) -> JSONPathComparator? {
        for comparator in [JSONPathComparator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where lookingAt(comparator.rawValue) {
            position += comparator.rawValue.unicodeScalars.count
            return comparator
        }
        if current == "=" {
            throw error("'=' is not an operator; compare with '=='")
        }
        return nil
    }

    /// A query, literal or function call.
    private mutating func parsePrimary() throws(JSONPathSyntaxError) -> Primary {
        guard let scalar = current else {
            throw error("the expression ends where a query, a literal or a function call was expected")
        }
        switch scalar {
        case "$":
            position += 1
            return .query(try parseSegments(from: .root))
        case "@":
            position += 1
            return .query(try parseSegments(from: .current))
        case "'", "\"":
            return .literal(.string(try parseStringLiteral()))
        case "-", "0"..."9":
            return .literal(try parseNumber())
        case "a"..."z":
            return try parseNameOrCall()
        default:
            throw error("expected a query ('@' or '$'), a literal or a function call, found \(found)")
        }
    }

    /// `number = (int / "-0") [ frac ] [ exp ]`
    private mutating func parseNumber() throws(JSONPathSyntaxError) -> JSONValue {
        let start = position
        if current == "-" { position += 1 }
        guard let first = current, ("0"..."9").contains(first) else {
            throw error("expected a digit after '-'")
        }
        if first == "0", let next = peek(1), ("0"..."9").contains(next) {
            throw error("a number must not have leading zeros", at: start)
        }
        skipDigits()
        var isInteger = true
        if current == "." {
            position += 1
            guard let digit = current, ("0"..."9").contains(digit) else {
                throw error("expected a digit after the decimal point")
            }
            skipDigits()
            isInteger = false
        }
        if current == "e" || current == "E" {
            position += 1
            if current == "+" || current == "-" { position += 1 }
            guard let digit = current, ("0"..."9").contains(digit) else {
                throw error("expected a digit in the exponent")
            }
            skipDigits()
            isInteger = false
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<position])
        let literal = String(text)
        if isInteger, let integer = Int64(literal) {
            return .integer(integer)
        }
        guard let double = Double(literal), double.isFinite else {
            throw error("number \(literal) is out of range", at: start)
        }
        return .number(double)
    }

    private mutating func skipDigits() {
        while let scalar = current, ("0"..."9").contains(scalar) {
            position += 1
        }
    }

    /// `true`, `false`, `null`, or a function call `name(...)`.
    private mutating func parseNameOrCall() throws(JSONPathSyntaxError) -> Primary {
        let start = position
        var text = String.UnicodeScalarView()
        while let scalar = current, ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" {
            text.append(scalar)
            position += 1
        }
        let name = String(text)
        if current == "(" {
            return try parseCall(name, at: start)
        }
        switch name {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default:
            if let scalar = current, Self.isBlank(scalar), Function(rawValue: name) != nil {
                throw error("no whitespace is allowed between a function name and its '('")
            }
            throw error(
                "unknown name '\(name)': literals are true, false and null, and a function call needs '(' right after its name",
                at: start)
        }
    }

    /// `function-expr = function-name "(" S [function-argument *(S "," S function-argument)] S ")"`
    private mutating func parseCall(_ name: String, at start: Int) throws(JSONPathSyntaxError) -> Primary {
        guard let function = Function(rawValue: name) else {
            throw error(
                "unknown function '\(name)()'; the functions are length(), count(), match(), search() and value()",
                at: start)
        }
        position += 1
        try nest()
        skipBlank()
        var arguments: [Operand] = []
        if current != ")" {
            while true {
                arguments.append(try parseOr())
                skipBlank()
                guard current == "," else { break }
                position += 1
                skipBlank()
            }
        }
        guard current == ")" else {
            throw error("expected ',' or ')' in the arguments of \(name)(), found \(found)")
        }
        position += 1
        depth -= 1
        let expected = function == .match || function == .search ? 2 : 1
        guard arguments.count == expected else {
            throw error(
                "function \(name)() takes \(expected) argument\(expected == 1 ? "" : "s"), not \(arguments.count)",
                at: start)
        }
        switch function {
        case .length:
            return .valueFunction(name: name, .length(try valueArgument(arguments[0], of: name)))
        case .count:
            return .valueFunction(name: name, .count(try nodesArgument(arguments[0], of: name)))
        case .value:
            return .valueFunction(name: name, .value(try nodesArgument(arguments[0], of: name)))
        case .match, .search:
            let subject = try valueArgument(arguments[0], of: name)
            let pattern: JSONPathPattern
            let wholeString = function == .match
            if case .primary(.literal(let literal), _) = arguments[1] {
                pattern = .literal(literal.stringValue.flatMap { IRegexp($0, wholeString: wholeString) })
            } else {
                pattern = .computed(try valueArgument(arguments[1], of: name), wholeString: wholeString)
            }
            return .logicalFunction(name: name, .regex(subject: subject, pattern: pattern))
        }
    }

    // MARK: Type rules

    /// An operand in a test position: a query tests for existence; a logical function or
    /// expression is used as it is; literals and value functions are refused.
    private func test(_ operand: Operand) throws(JSONPathSyntaxError) -> JSONPathLogicalExpression {
        switch operand {
        case .logical(let expression):
            return expression
        case .primary(.query(let query), _):
            return .exists(query)
        case .primary(.logicalFunction(_, let expression), _):
            return expression
        case .primary(.literal, let offset):
            throw error("a literal is not a test; compare it with something, e.g. @.a == true", at: offset)
        case .primary(.valueFunction(let name, _), let offset):
            throw error("function \(name)() yields a value, not a test; compare it, e.g. \(name)(...) > 0", at: offset)
        }
    }

    /// A comparison operand: a literal, a singular query or a value function.
    private func comparable(_ primary: Primary, at offset: Int, comparator: JSONPathComparator)
        throws(JSONPathSyntaxError) -> JSONPathValueExpression
    {
        switch primary {
        case .literal(let value):
            return .literal(value)
        case .query(let query):
            guard query.singularPath != nil else {
                throw error(
                    "only a singular query (names and indexes, no wildcards, slices, filters or '..') can be compared with '\(comparator.rawValue)'",
                    at: offset)
            }
            return .query(query)
        case .valueFunction(_, let expression):
            return expression
        case .logicalFunction(let name, _):
            throw error(
                "function \(name)() yields a logical result, which cannot be compared with '\(comparator.rawValue)'",
                at: offset)
        }
    }

    /// An argument for a parameter of value type.
    private func valueArgument(_ operand: Operand, of function: String) throws(JSONPathSyntaxError)
        -> JSONPathValueExpression
    {
        switch operand {
        case .primary(.literal(let value), _):
            return .literal(value)
        case .primary(.query(let query), let offset):
            guard query.singularPath != nil else {
                throw error(
                    "function \(function)() requires a value argument; this query can select several nodes, so it must be singular (names and indexes only)",
                    at: offset)
            }
            return .query(query)
        case .primary(.valueFunction(_, let expression), _):
            return expression
        case .primary(.logicalFunction(let name, _), let offset):
            throw error(
                "function \(function)() requires a value argument, but \(name)() yields a logical result", at: offset)
        case .logical:
            throw error("function \(function)() requires a value argument, not a logical expression")
        }
    }

    /// An argument for a parameter of nodes type: a query.
    private func nodesArgument(_ operand: Operand, of function: String) throws(JSONPathSyntaxError) -> JSONPathQuery {
        if case .primary(.query(let query), _) = operand {
            return query
        }
        let offset: Int? = if case .primary(_, let offset) = operand { offset } else { nil }
        throw error("function \(function)() requires a nodes argument (a query such as @.items[*])", at: offset)
    }
}
