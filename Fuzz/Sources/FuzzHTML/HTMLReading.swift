/// How an HTML parser (WHATWG tokenizer) reads the two places the portal puts escaped text: a text node
/// between tags, and a double-quoted attribute value. Only what those states do is modelled, strictly:
/// anything that would leave the state (a tag opening, the closing quote) or a character reference the
/// portal does not write makes the reading fail.
enum HTMLReading {
    /// The text of `markup`, which must be `<p>` + one text node + `</p>`: `nil` when anything in the
    /// text would open a tag, or a reference is not one the escaper writes.
    static func textNode(_ markup: String) -> String? {
        var scalars = Substring(preprocessed(markup)).unicodeScalars[...]
        guard consume("<p>", from: &scalars), consumeSuffix("</p>", from: &scalars) else { return nil }
        // Data state: `<` is the only way out of a text node; `&` starts a character reference.
        return decoded(scalars, stoppingAt: "<", nullReplacement: nil)
    }

    /// The value of `markup`, which must be `<input value="` + one attribute value + `">`: `nil` when
    /// the value would end early (a `"`), or a reference is not one the escaper writes.
    static func attributeValue(_ markup: String) -> String? {
        var scalars = Substring(preprocessed(markup)).unicodeScalars[...]
        guard consume("<input value=\"", from: &scalars), consumeSuffix("\">", from: &scalars) else { return nil }
        // Attribute value (double-quoted) state: `"` ends it; U+0000 becomes U+FFFD.
        return decoded(scalars, stoppingAt: "\"", nullReplacement: "\u{FFFD}")
    }

    /// What the input stream preprocessing makes of `text`: CR LF and lone CR become LF.
    static func preprocessed(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            scalars.append(afterCR ? "\n" : scalar)
        }
        return String(scalars)
    }

    /// What an attribute value holds once parsed: `text` preprocessed, with U+0000 as U+FFFD.
    static func asAttributeValue(_ text: String) -> String {
        String(String.UnicodeScalarView(preprocessed(text).unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }

    private static let references: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'",
    ]

    /// `scalars` with the escaper's character references resolved; `nil` at `stop` or at any other `&`.
    private static func decoded(
        _ scalars: Substring.UnicodeScalarView.SubSequence, stoppingAt stop: Unicode.Scalar,
        nullReplacement: Unicode.Scalar?
    ) -> String? {
        var text = String.UnicodeScalarView()
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            switch scalar {
            case stop:
                return nil
            case "&":
                guard let end = scalars[index...].firstIndex(of: ";"),
                    let reference = references[String(String.UnicodeScalarView(scalars[index..<end]))]
                else { return nil }
                text.append(reference)
                index = scalars.index(after: end)
            default:
                text.append(scalar == "\0" ? nullReplacement ?? scalar : scalar)
            }
        }
        return String(text)
    }

    private static func consume(_ prefix: String, from scalars: inout Substring.UnicodeScalarView.SubSequence) -> Bool {
        guard scalars.starts(with: prefix.unicodeScalars) else { return false }
        scalars = scalars.dropFirst(prefix.unicodeScalars.count)
        return true
    }

    private static func consumeSuffix(_ suffix: String, from scalars: inout Substring.UnicodeScalarView.SubSequence)
        -> Bool
    {
        guard scalars.reversed().starts(with: suffix.unicodeScalars.reversed()) else { return false }
        scalars = scalars.dropLast(suffix.unicodeScalars.count)
        return true
    }
}
