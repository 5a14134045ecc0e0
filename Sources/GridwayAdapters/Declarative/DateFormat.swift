/// A way of writing a date or time in a legacy system: a pattern such as `yyyyMMddHHmmss` or
/// `yyyy/MM/dd HH:mm`, ISO 8601, or Unix time in seconds or milliseconds.
///
/// Pattern letters: `yyyy` year, `MM`/`M` month, `dd`/`d` day, `HH`/`H` hour (0–23), `mm`/`m`
/// minute, `ss`/`s` second, `SSS` millisecond. Doubled letters are zero-padded to two digits,
/// single ones are written without padding and read as one or two digits. Text in single quotes
/// (`'T'`) and every character that is not a letter is written as it is.
enum DateFormat: Sendable, Hashable {
    /// A pattern of fields and literal text.
    case pattern([Token])
    /// ISO 8601 / RFC 3339: `2026-11-05`, `2026-11-05T08:30:00+08:00`, `…Z`; written with the offset.
    case iso8601
    /// Unix time in whole seconds.
    case unixSeconds
    /// Unix time in milliseconds.
    case unixMilliseconds

    /// One piece of a pattern.
    enum Token: Sendable, Hashable {
        case year
        case month(padded: Bool)
        case day(padded: Bool)
        case hour(padded: Bool)
        case minute(padded: Bool)
        case second(padded: Bool)
        case millisecond
        case literal([UInt8])
    }

    /// Reads a format as written in a manifest: `iso8601`, `unix`, `unix-ms`, or a pattern.
    /// - Throws: the offset (in characters) of the first bad letter and the reason.
    init(_ text: String) throws(DateFormatError) {
        switch text {
        case "iso8601": self = .iso8601
        case "unix": self = .unixSeconds
        case "unix-ms": self = .unixMilliseconds
        default: self = .pattern(try Self.tokens(of: text))
        }
    }

    /// The tokens of a pattern.
    private static func tokens(of text: String) throws(DateFormatError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = []
        }
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                    throw DateFormatError(offset: index, reason: "unclosed quote")
                }
                literal += Array(String(characters[(index + 1)..<close]).utf8)
                index = close + 1
                continue
            }
            guard character.isASCII, character.isLetter else {
                literal += Array(String(character).utf8)
                index += 1
                continue
            }
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            let token: Token? =
                switch (character, run) {
                case ("y", 4): .year
                case ("M", 1...2): .month(padded: run == 2)
                case ("d", 1...2): .day(padded: run == 2)
                case ("H", 1...2): .hour(padded: run == 2)
                case ("m", 1...2): .minute(padded: run == 2)
                case ("s", 1...2): .second(padded: run == 2)
                case ("S", 3): .millisecond
                default: nil
                }
            guard let token else {
                throw DateFormatError(
                    offset: index,
                    reason:
                        "\"\(String(repeating: character, count: run))\" is not a pattern field; use yyyy, MM, dd, HH, mm, ss or SSS, and quote literal letters like 'T'"
                )
            }
            flush()
            tokens.append(token)
            index += run
        }
        flush()
        return tokens
    }
}
