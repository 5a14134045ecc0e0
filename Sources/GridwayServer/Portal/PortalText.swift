import Foundation

/// The portal's interface languages: Chinese by default, English on request.
enum PortalLanguage: String, Sendable, CaseIterable {
    case zh
    case en

    /// The `lang` attribute of pages in this language.
    var tag: String {
        switch self {
        case .zh: "zh-CN"
        case .en: "en"
        }
    }
}

/// The interface text of one language, read from `Resources/portal/strings/<language>.json`.
struct PortalText: Sendable {
    let language: PortalLanguage
    let strings: [String: String]

    /// The text for `key`; the key itself when the catalog lacks it (a test keeps the catalogs complete).
    subscript(_ key: String) -> String { strings[key] ?? key }

    /// The text for `key` with `{1}`, `{2}`, … replaced by `arguments`.
    func callAsFunction(_ key: String, _ arguments: String...) -> String {
        var text = self[key]
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index + 1)}", with: argument)
        }
        return text
    }
}

/// Every language's catalog, loaded once from the package's resources.
struct PortalCatalog: Sendable {
    let texts: [PortalLanguage: PortalText]

    /// Reads each language's catalog.
    static func load() throws -> PortalCatalog {
        var texts: [PortalLanguage: PortalText] = [:]
        for language in PortalLanguage.allCases {
            guard let url = PortalAssets.url(of: "strings/\(language.rawValue).json") else {
                throw PortalAssetError.missing("strings/\(language.rawValue).json")
            }
            let strings = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
            texts[language] = PortalText(language: language, strings: strings)
        }
        return PortalCatalog(texts: texts)
    }

    /// The text of `language`.
    func text(_ language: PortalLanguage) -> PortalText {
        texts[language] ?? PortalText(language: language, strings: [:])
    }
}
