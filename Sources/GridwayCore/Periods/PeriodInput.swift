/// Reads periods and dates as people type them, into Gridway's written forms.
///
/// Besides the written forms (`2026-12`, `2026-Q4`, `2026-W49`, `2026-12-06`, `2026`) it reads
/// `2026年12月`, `2026.12`, `2026/12`, `202612`; `2026年12月6日` (or `6号`), `2026/12/6`, `2026.12.6`,
/// `20261206`; `2026年第4季度`, `2026年四季度`, `2026Q4`, `2026 Q4`; `2026年第49周`, `2026W49`; and
/// `2026年`, with full-width digits and punctuation and spaces between parts. A day stands for the
/// period holding it (`2026/12/6` for a monthly report is `2026-12`), and so does a month for a quarter
/// or year and a quarter for a year; a longer period never stands for a shorter one.
///
/// The portal's form and every file import read periods and date fields through this one type.
public enum PeriodInput {
    /// The period of `type` that `text` names.
    ///
    /// - Throws: ``PeriodError/malformed(_:_:detail:)`` naming `text` when it is not a period or day
    ///   in a form above, does not exist (month 13), or is longer than a period of `type`;
    ///   ``PeriodError/missing(_:)`` for empty text and ``PeriodError/unexpected(_:)`` for any text
    ///   when `type` is ``PeriodType/none``.
    public static func period(_ text: String, as type: PeriodType) throws(PeriodError) -> Period {
        let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if type == .none { throw .unexpected(trimmed) }
        guard !trimmed.isEmpty else { throw .missing(type) }
        guard let reading = Reading(trimmed) else { throw .malformed(trimmed, type, detail: nil) }
        let read: Period
        do throws(PeriodError) {
            read = try Period(parsing: reading.writtenForm, as: reading.type)
        } catch {
            guard case .malformed(_, _, let detail) = error else { throw error }
            throw .malformed(trimmed, type, detail: detail)
        }
        if read.type == type { return read }
        guard read.type.rank < type.rank, read.type != .week else {
            throw .malformed(trimmed, type, detail: "a \(read.type.rawValue) is longer than a \(type.rawValue)")
        }
        return try Period(containing: read.start, as: type)
    }

    /// The day `text` names (`2026/12/6`, `2026年12月6日`, `2026-12-06`, …), or `nil`.
    public static func day(_ text: String) -> CalendarDay? {
        guard let period = try? period(text, as: .day) else { return nil }
        return period.start
    }

    /// `text` in the written form of `type`'s periods when it names one, otherwise `text` unchanged
    /// (so that the submission's validation reports it as typed).
    public static func normalized(_ text: String, as type: PeriodType) -> String {
        (try? period(text, as: type).description) ?? text
    }

    /// What a typed text names before it is fitted to a period type.
    private struct Reading {
        var type: PeriodType
        var writtenForm: String

        /// Reads `text` by its shape: `N` for a run of digits, `y` `m` `d` `q` `w` for the markers
        /// 年 月 日 季(度)/Q 周/W, `-` for a separator; spaces, 第 and 度 are left out.
        init?(_ text: String) {
            var shape = ""
            var numbers: [[UInt8]] = []
            for character in text.uppercased() {
                if let digit = Self.digit(character) {
                    if shape.last == "N" {
                        numbers[numbers.count - 1].append(digit)
                    } else {
                        shape.append("N")
                        numbers.append([digit])
                    }
                    continue
                }
                switch character {
                case "年": shape.append("y")
                case "月": shape.append("m")
                case "日", "号", "號": shape.append("d")
                case "季", "Q": shape.append("q")
                case "周", "週", "W": shape.append("w")
                case "-", "/", ".", "－", "／", "．", "。", "、": shape.append("-")
                case " ", "\u{3000}", "\t", "第", "度": continue
                default:
                    guard let value = Self.chineseNumerals.firstIndex(of: character) else { return nil }
                    shape.append("N")
                    numbers.append([UInt8(ascii: "1") + UInt8(value)])
                }
            }
            let groups = numbers.map { String(decoding: $0, as: UTF8.self) }
            guard let year = groups.first else { return nil }
            if shape == "N" && year.count == 6 {
                self.init(type: .month, writtenForm: "\(year.prefix(4))-\(year.suffix(2))")
                return
            }
            if shape == "N" && year.count == 8 {
                self.init(type: .day, writtenForm: "\(year.prefix(4))-\(year.dropFirst(4).prefix(2))-\(year.suffix(2))")
                return
            }
            guard year.count == 4 else { return nil }
            func padded(_ group: String) -> String? {
                group.count <= 2 ? String(repeating: "0", count: 2 - group.count) + group : nil
            }
            switch shape {
            case "N", "Ny":
                self.init(type: .year, writtenForm: year)
            case "N-N", "NyN", "NyNm", "N-Nm":
                guard let month = padded(groups[1]) else { return nil }
                self.init(type: .month, writtenForm: "\(year)-\(month)")
            case "N-N-N", "NyNmN", "NyNmNd", "N-N-Nd":
                guard let month = padded(groups[1]), let day = padded(groups[2]) else { return nil }
                self.init(type: .day, writtenForm: "\(year)-\(month)-\(day)")
            case "NqN", "N-qN", "NyqN", "NyNq", "N-Nq":
                guard groups[1].count == 1 else { return nil }
                self.init(type: .quarter, writtenForm: "\(year)-Q\(groups[1])")
            case "NwN", "N-wN", "NywN", "NyNw", "N-Nw":
                guard let week = padded(groups[1]) else { return nil }
                self.init(type: .week, writtenForm: "\(year)-W\(week)")
            default:
                return nil
            }
        }

        private init(type: PeriodType, writtenForm: String) {
            self.type = type
            self.writtenForm = writtenForm
        }

        /// 一 to 四, as in 第四季度.
        private static let chineseNumerals: [Character] = ["一", "二", "三", "四"]

        /// The ASCII digit for a half-width or full-width decimal digit.
        private static func digit(_ character: Character) -> UInt8? {
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
            switch scalar.value {
            case 0x30...0x39: return UInt8(scalar.value)
            case 0xFF10...0xFF19: return UInt8(scalar.value - 0xFF10 + 0x30)
            default: return nil
            }
        }
    }
}
