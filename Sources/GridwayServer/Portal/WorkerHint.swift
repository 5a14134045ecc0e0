/// A field's description as a worker reads it: contract descriptions document the codes of an
/// enumeration for programs (`home 入户走访；phone 电话问候`), while the form and the import template show
/// only the labels (`入户走访；电话问候`).
enum WorkerHint {
    /// The characters after which a code may start.
    private static let separators: Set<Character> = ["；", ";", "：", ":", "，", ",", "、", "（", "(", " ", "\u{3000}"]

    /// `description` without the codes written before their labels: each of `codes` that starts the text
    /// or follows a separator, and is followed by spaces, is left out with those spaces.
    static func text(_ description: String, codes: [String]) -> String {
        let codes = codes.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var result = ""
        var rest = Substring(description)
        while let next = rest.first {
            let atStart = result.last.map(separators.contains) ?? true
            if atStart, let code = codes.first(where: { rest.hasPrefix($0) }) {
                let after = rest.dropFirst(code.count)
                let label = after.drop { $0 == " " || $0 == "\u{3000}" }
                if label.count < after.count, !label.isEmpty {
                    rest = label
                    continue
                }
            }
            result.append(next)
            rest = rest.dropFirst()
        }
        return result
    }
}
