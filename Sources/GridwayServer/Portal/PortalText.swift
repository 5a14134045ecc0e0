import Foundation

/// The portal's interface languages: Chinese by default, English on request.
enum PortalLanguage: String, Sendable, CaseIterable {
    case zh
    case en

    /// The language `Accept-Language` ranks highest among those the interface has, or `nil` when it names none.
    init?(acceptLanguage header: String?) {
        var best: (language: PortalLanguage, quality: Double)?
        for range in (header ?? "").split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first,
                let language = Self.allCases.first(where: { tag == $0.rawValue || tag.hasPrefix($0.rawValue + "-") })
            else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0, quality > best?.quality ?? 0 { best = (language, quality) }
        }
        guard let best else { return nil }
        self = best.language
    }

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
    func callAsFunction(_ key: String, _ arguments: String...) -> String { self(key, arguments) }

    /// The text for `key` with `{1}`, `{2}`, … replaced by `arguments`.
    func callAsFunction(_ key: String, _ arguments: [String]) -> String {
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

    /// The catalogs, read once for the problem replies of the API (empty if the resources are missing,
    /// which the portal refuses to start without).
    static let shared: PortalCatalog = (try? load()) ?? PortalCatalog(texts: [:])

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
