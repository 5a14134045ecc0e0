import GridwayCore
import GridwayJSON
import Testing

extension BrowserSession {
    /// The error titles and messages the current page shows (an error page's heading, the form's summary and
    /// the messages beside fields) that are ASCII only, so written for developers rather than in the
    /// reader's Chinese.
    func asciiOnlyErrorTexts() async throws -> [String] {
        let found = try await run(
            """
            var shown = document.querySelectorAll('.error-panel h1, .error-panel p, .error-summary h2, .error-summary li, .field-error:not([hidden])');
            return Array.prototype.map.call(shown, function (e) { return e.textContent.trim(); })
              .filter(function (t) { return t !== '' && /^[\\x00-\\x7F]*$/.test(t); });
            """)
        return found.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Records an issue for each ASCII-only error text on the current page.
    func expectErrorsInChinese(_ page: String) async throws {
        let ascii = try await asciiOnlyErrorTexts()
        #expect(ascii.isEmpty, "\(page) shows errors not in Chinese: \(ascii)")
    }
}
