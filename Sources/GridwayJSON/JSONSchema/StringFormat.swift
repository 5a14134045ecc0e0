/// The `format` values Gridway can assert, with their checks.
///
/// Checks follow the RFCs the 2020-12 specification cites: RFC 3339 for dates and times (with
/// its leap-second rule) and durations, RFC 5321 for email, RFC 2673/4291 for IP addresses,
/// RFC 4122 for UUIDs, RFC 3986 for URIs, RFC 1123 for host names and RFC 6901 for JSON Pointers.
enum StringFormat: String, Sendable {
    case date
    case dateTime = "date-time"
    case time
    case duration
    case email
    case hostname
    case ipv4
    case ipv6
    case uuid
    case uri
    case uriReference = "uri-reference"
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"
    case regex

    /// Whether `string` is in this format.
    func isValid(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        switch self {
        case .date: return Self.isDate(bytes[...])
        case .dateTime: return Self.isDateTime(bytes)
        case .time: return Self.isTime(bytes[...])
        case .duration: return Self.isDuration(bytes)
        case .email: return Self.isEmail(bytes)
        case .hostname: return Self.isHostname(bytes[...])
        case .ipv4: return Self.isIPv4(bytes[...])
        case .ipv6: return Self.isIPv6(bytes[...])
        case .uuid: return Self.isUUID(bytes)
        case .uri: return Self.isURI(bytes, requireScheme: true)
        case .uriReference: return Self.isURI(bytes, requireScheme: false)
        case .jsonPointer: return (try? JSONPointer(parsing: string)) != nil
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(string)
        case .regex: return SchemaRegex(string) != nil
        }
    }

    // MARK: - Helpers

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
    }

    /// The value of exactly `count` ASCII digits at `start`, or `nil`.
    private static func number(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.endIndex else { return nil }
        var value = 0
        for index in start..<(start + count) {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
        }
        return value
    }

    // MARK: - Dates and times (RFC 3339)

    private static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
            let year = number(bytes, start, 4), let month = number(bytes, start + 5, 2),
            let day = number(bytes, start + 8, 2),
            (1...12).contains(month), day >= 1
        else { return false }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    private static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        guard bytes.count >= 9, bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
            let hour = number(bytes, start, 2), let minute = number(bytes, start + 3, 2),
            let second = number(bytes, start + 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = start + 8
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < bytes.endIndex else { return false }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.endIndex else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.endIndex - index == 6, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHour = number(bytes, index + 1, 2), let offsetMinute = number(bytes, index + 4, 2),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return false
        }
        if second == 60 {
            // A leap second is only ever inserted at 23:59:60 UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    private static func isDateTime(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 11, bytes[10] | 0x20 == UInt8(ascii: "t") else { return false }
        return isDate(bytes[0..<10]) && isTime(bytes[11...])
    }

    /// RFC 3339 Appendix A: `P` followed by date and/or time elements in order, or weeks alone.
    private static func isDuration(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "P") else { return false }
        var date: [UInt8] = []
        var time: [UInt8] = []
        var inTime = false
        var index = 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "T") {
                guard !inTime else { return false }
                inTime = true
                index += 1
                continue
            }
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start, index < bytes.count else { return false }
            if inTime { time.append(bytes[index]) } else { date.append(bytes[index]) }
            index += 1
        }
        let dateForms = ["", "D", "M", "MD", "Y", "YM", "YMD", "W"]
        let timeForms = ["H", "HM", "HMS", "M", "MS", "S"]
        let dateDesignators = String(decoding: date, as: UTF8.self)
        guard dateForms.contains(dateDesignators) else { return false }
        if inTime {
            return dateDesignators != "W" && timeForms.contains(String(decoding: time, as: UTF8.self))
        }
        return !date.isEmpty
    }

    // MARK: - Internet addresses

    private static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            guard let value = number(part, part.startIndex, part.count), value <= 255 else { return false }
        }
        return true
    }

    private static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
        else { return false }
        var text = bytes
        var groupsAvailable = 8
        // An embedded IPv4 address may end the address and stands for two groups.
        if text.contains(UInt8(ascii: ".")) {
            guard let lastColon = text.lastIndex(of: UInt8(ascii: ":")), isIPv4(text[(lastColon + 1)...]) else {
                return false
            }
            text = text[...lastColon]
            if text.count >= 2 && text.suffix(2).elementsEqual("::".utf8) {
                // keep the "::"
            } else {
                text = text.dropLast()
            }
            groupsAvailable = 6
        }
        let halves = split(text, on: Array("::".utf8))
        func groups(_ part: ArraySlice<UInt8>) -> Int? {
            if part.isEmpty { return 0 }
            var count = 0
            for group in part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count) else { return nil }
                count += 1
            }
            return count
        }
        switch halves.count {
        case 1:
            return groups(halves[0]) == groupsAvailable
        case 2:
            guard let left = groups(halves[0]), let right = groups(halves[1]) else { return false }
            return left + right < groupsAvailable
        default:
            return false
        }
    }

    private static func split(_ bytes: ArraySlice<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index + separator.count <= bytes.endIndex {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start...])
        return parts
    }

    private static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count),
                label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") }),
                label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-")
            else { return false }
            // Punycode labels ("xn--") are the only ones allowed "--" in positions 3 and 4.
            if label.count >= 4, label[label.startIndex + 2] == UInt8(ascii: "-"),
                label[label.startIndex + 3] == UInt8(ascii: "-"),
                !(label.prefix(2).map { $0 | 0x20 } == Array("xn".utf8))
            {
                return false
            }
        }
        return true
    }

    private static func isEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        if local.first == UInt8(ascii: "\"") {
            guard local.count >= 2, local.last == UInt8(ascii: "\"") else { return false }
            var index = local.startIndex + 1
            while index < local.endIndex - 1 {
                let byte = local[index]
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < local.endIndex - 1 else { return false }
                } else if byte == UInt8(ascii: "\"") || byte < 0x20 || byte > 0x7E {
                    return false
                }
                index += 1
            }
        } else {
            let atext = Set("!#$%&'*+-/=?^_`{|}~".utf8)
            for atom in local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard !atom.isEmpty, atom.allSatisfy({ isAlpha($0) || isDigit($0) || atext.contains($0) }) else {
                    return false
                }
            }
        }
        if domain.first == UInt8(ascii: "[") {
            guard domain.last == UInt8(ascii: "]") else { return false }
            let literal = domain.dropFirst().dropLast()
            let ipv6Prefix = Array("IPv6:".utf8)
            if literal.starts(with: ipv6Prefix) {
                return isIPv6(literal.dropFirst(ipv6Prefix.count))
            }
            return isIPv4(literal)
        }
        return isHostname(domain)
    }

    private static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        return true
    }

    // MARK: - URIs (RFC 3986)

    private static let unreserved = Set("-._~".utf8)
    private static let subDelimiters = Set("!$&'()*+,;=".utf8)

    /// Whether every byte is unreserved, a sub-delimiter, one of `extra`, or a valid `%XX`.
    private static func isURIComponent(_ bytes: ArraySlice<UInt8>, extra: Set<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            guard
                isAlpha(byte) || isDigit(byte) || unreserved.contains(byte) || subDelimiters.contains(byte)
                    || extra.contains(byte)
            else {
                return false
            }
            index += 1
        }
        return true
    }

    private static func isURI(_ bytes: [UInt8], requireScheme: Bool) -> Bool {
        var rest = bytes[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard isURIComponent(rest[(hash + 1)...], extra: Set(":@/?".utf8)) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isURIComponent(rest[(question + 1)...], extra: Set(":@/?".utf8)) else { return false }
            rest = rest[..<question]
        }
        let firstDelimiter = rest.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
        if let colon = firstDelimiter, rest[colon] == UInt8(ascii: ":") {
            let scheme = rest[..<colon]
            guard let first = scheme.first, isAlpha(first),
                scheme.allSatisfy({
                    isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
                        || $0 == UInt8(ascii: ".")
                })
            else { return false }
            rest = rest[(colon + 1)...]
        } else if requireScheme {
            return false
        }
        if rest.starts(with: "//".utf8) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            guard isAuthority(rest[..<end]) else { return false }
            rest = rest[end...]
        }
        return isURIComponent(rest, extra: Set(":@/".utf8))
    }

    private static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var hostPort = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            guard isURIComponent(authority[..<at], extra: [UInt8(ascii: ":")]) else { return false }
            hostPort = authority[(at + 1)...]
        }
        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")),
                isIPv6(hostPort[(hostPort.startIndex + 1)..<close])
            else { return false }
            hostPort = hostPort[(close + 1)...]
            guard hostPort.isEmpty || hostPort.first == UInt8(ascii: ":") else { return false }
        } else if let colon = hostPort.firstIndex(of: UInt8(ascii: ":")) {
            guard isURIComponent(hostPort[..<colon], extra: []) else { return false }
            hostPort = hostPort[colon...]
        } else {
            return isURIComponent(hostPort, extra: [])
        }
        return hostPort.dropFirst().allSatisfy(isDigit)
    }

    private static func isRelativeJSONPointer(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        var index = 0
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        guard index > 0, !(bytes[0] == UInt8(ascii: "0") && index > 1) else { return false }
        let rest = String(decoding: bytes[index...], as: UTF8.self)
        return rest == "#" || (try? JSONPointer(parsing: rest)) != nil
    }
}
