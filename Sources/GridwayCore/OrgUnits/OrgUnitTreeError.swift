import GridwayJSON

/// Why a list of units does not form a valid ``OrgUnitTree``.
public enum OrgUnitTreeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The list holds no units.
    case empty
    /// The code is not made of ASCII digits only.
    case nonDigitCode(String)
    /// The code's length is none of 2, 4, 6, 9, 12 or 15.
    case invalidCodeLength(String)
    /// The declared level does not match the code's length.
    case levelMismatch(code: String, level: OrgUnitLevel, expected: OrgUnitLevel)
    /// The unit has an empty or blank name.
    case emptyName(code: String)
    /// Two units have the same code.
    case duplicateCode(String)
    /// The unit's parent code (its prefix one level up) is not in the list.
    case missingParent(code: String, parent: String)
    /// A province other than the first unit: the tree has a single root, the first unit listed.
    case secondRoot(code: String, root: String)
    /// The JSON document does not have the `{"units": [{"code", "name", "level"}…]}` shape.
    case malformedDocument(location: JSONPointer, reason: String)
    /// The file is not valid JSON.
    case invalidJSON(JSONParseError)
    /// The file could not be read.
    case unreadable(CatalogFileError)

    /// A one-line explanation naming the offending code.
    public var description: String {
        switch self {
        case .empty:
            return "the org-unit list is empty"
        case .nonDigitCode(let code):
            return "unit code \"\(code)\" must consist of ASCII digits"
        case .invalidCodeLength(let code):
            return "unit code \"\(code)\" has \(code.count) digits; codes have 2, 4, 6, 9, 12 or 15"
        case .levelMismatch(let code, let level, let expected):
            return
                "unit \(code) is declared \(level.rawValue), but a \(code.count)-digit code is a \(expected.rawValue)"
        case .emptyName(let code):
            return "unit \(code) has an empty name"
        case .duplicateCode(let code):
            return "unit code \(code) appears more than once"
        case .missingParent(let code, let parent):
            return "unit \(code) has no parent: \(parent) is not listed"
        case .secondRoot(let code, let root):
            return "unit \(code) is outside the tree rooted at \(root), the first unit listed"
        case .malformedDocument(let location, let reason):
            return "org-unit document at \"\(location)\": \(reason)"
        case .invalidJSON(let error):
            return "org-unit document is not valid JSON: \(error)"
        case .unreadable(let error):
            return error.description
        }
    }
}
