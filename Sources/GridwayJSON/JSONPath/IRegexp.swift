import Foundation

/// An RFC 9485 I-Regexp, translated to and compiled as an ICU regular expression.
///
/// `match()` uses the whole-string form (anchored at both ends of the input), `search()` the
/// substring form.
struct IRegexp: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    private let expression: NSRegularExpression

    /// Compiles `source`, or returns `nil` if it is not a valid I-Regexp.
    init?(_ source: String, wholeString: Bool) {
        var translator = IRegexpTranslator(source)
        guard let translated = translator.translate(),
            let expression = try? NSRegularExpression(pattern: wholeString ? "\\A(?:\(translated))\\z" : translated)
        else { return nil }
        self.expression = expression
    }

    /// Whether the expression matches `string` (the whole of it, or a substring).
    func matches(_ string: String) -> Bool {
        expression.firstMatch(in: string, range: NSRange(location: 0, length: string.utf16.count)) != nil
    }
}
