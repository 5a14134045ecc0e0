import Foundation
import GridwayJSON

/// Spots a plain `query:` parameter that looks like it carries a credential, for the warning of
/// `gridway adapter check`: a token belongs in `auth: {type: query, …}`, which Gridway treats as a
/// credential, not in `query:`, which it treats as data.
///
/// A parameter looks like a credential when its value takes a setting marked `secret: true`, or a
/// setting whose name ends in a credential word (`token`, `key`, `secret`, `password`, `signature`…),
/// or when its value is written in the manifest and either the parameter's name ends in such a word
/// or the value looks random (a long run of letters and digits with high entropy). Values taken from
/// the document (`$.…`) are data and never looked at.
enum SecretLookingQuery {
    /// Why the query parameter `name` with `value` looks like a credential, or `nil` when it does not.
    static func reason(name: String, value: Template, settings: [String: ManifestSetting]) -> String? {
        switch value {
        case .interpolation(let text):
            for setting in text.settingNames {
                if settings[setting]?.isSecret == true { return "it takes the secret setting \"\(setting)\"" }
                if namesCredential(setting) {
                    return "it takes the setting \"\(setting)\", whose name says it is a credential"
                }
            }
            let literal = text.parts.compactMap { if case .text(let piece) = $0 { piece } else { nil } }
            guard text.isConstant else { return literalReason(literal.joined(separator: " "), name: nil) }
            return literalReason(literal.joined(), name: name)
        case .literal(.string(let literal)):
            return literalReason(literal, name: name)
        default:
            return nil
        }
    }

    /// Why literal text in the manifest looks like a credential: by the parameter's `name` (when
    /// the whole value is literal), else by the randomness of the text.
    private static func literalReason(_ literal: String, name: String?) -> String? {
        if let name, !literal.isEmpty, namesCredential(name) {
            return "its name says it is a credential and its value is written in the manifest"
        }
        return looksRandom(literal) ? "its value written in the manifest looks like a random key" : nil
    }

    /// The last words of names that hold credentials, compared in lower case.
    private static let credentialWords: Set<String> = [
        "token", "secret", "password", "passwd", "pwd", "passphrase", "key", "apikey", "appkey", "accesskey",
        "secretkey", "privatekey", "accesstoken", "apitoken", "authtoken", "appsecret", "clientsecret",
        "signature", "sign", "sig", "credential", "credentials", "auth",
    ]

    /// Whether `name` (`access_token`, `appKey`, `X-Api-Key`, `sign`) ends in a credential word; a
    /// credential word followed by another (`sign_type`, `tokenType`, `keyId`) names something else.
    static func namesCredential(_ name: String) -> Bool {
        guard let last = words(of: name).last else { return false }
        return credentialWords.contains(last)
    }

    /// The lower-case words of a name, split at anything but letters and digits and where a lower-case
    /// letter or digit is followed by an upper-case one.
    private static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousIsLowerOrDigit = false
        for character in name {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousIsLowerOrDigit = false
                continue
            }
            if character.isUppercase && previousIsLowerOrDigit {
                words.append(current)
                current = ""
            }
            current += character.lowercased()
            previousIsLowerOrDigit = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The shortest run of key-like characters that can look random.
    static let minimumRandomLength = 20
    /// The Shannon entropy, in bits per character, from which such a run looks random: hex (at most
    /// 4 bits; a random 32-digit key has about 3.4 to 3.8) and other runs (random base64 has over 4.5).
    static let randomEntropy = (hex: 3.0, other: 3.5)

    /// Whether `text` holds a run of at least ``minimumRandomLength`` letters, digits and `+/=_-`,
    /// with both letters and digits, whose entropy reaches ``randomEntropy``.
    static func looksRandom(_ text: String) -> Bool {
        let keyCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "+/=_-"))
        let hexDigits = CharacterSet(charactersIn: "0123456789abcdefABCDEF")
        let runs = text.unicodeScalars.split { !$0.isASCII || !keyCharacters.contains($0) }
        return runs.contains { run in
            guard run.count >= minimumRandomLength,
                run.contains(where: CharacterSet.letters.contains),
                run.contains(where: CharacterSet.decimalDigits.contains)
            else { return false }
            let threshold = run.allSatisfy(hexDigits.contains) ? randomEntropy.hex : randomEntropy.other
            return entropy(of: Array(run)) >= threshold
        }
    }

    /// The Shannon entropy of `scalars`, in bits per character.
    private static func entropy(of scalars: [Unicode.Scalar]) -> Double {
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in scalars { counts[scalar, default: 0] += 1 }
        let total = Double(scalars.count)
        return counts.values.reduce(0) { sum, count in
            let share = Double(count) / total
            return sum - share * log2(share)
        }
    }
}
