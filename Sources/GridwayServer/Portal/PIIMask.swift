import GridwayCore
import GridwayJSON

/// How the portal hides personal information in lists and pages until a deliberate, audited reveal.
enum PIIMask {
    /// `value` masked for its class: a name keeps its first character (`王**`), an id number its first
    /// six and last four (`210102********0025`), a phone its first three and last four, an address its
    /// first six characters, a birth date its year; health, location and anything structured show nothing.
    static func mask(_ value: JSONValue, as pii: PIIClass) -> String {
        guard pii != .none else { return ContractForm.display(value) }
        guard case .string(let text) = value else { return "***" }
        let characters = Array(text)
        func keep(_ head: Int, _ tail: Int) -> String {
            guard characters.count > head + tail else { return String(repeating: "*", count: max(characters.count, 3)) }
            return String(characters.prefix(head)) + String(repeating: "*", count: characters.count - head - tail)
                + String(characters.suffix(tail))
        }
        switch pii {
        case .none: return text
        case .name: return keep(1, 0)
        case .idNumber: return keep(6, 4)
        case .phone: return keep(3, 4)
        case .address: return characters.count > 6 ? String(characters.prefix(6)) + "****" : "****"
        case .birthDate: return characters.count >= 4 ? String(characters.prefix(4)) + "-**-**" : "****"
        case .health, .location: return "***"
        }
    }
}
