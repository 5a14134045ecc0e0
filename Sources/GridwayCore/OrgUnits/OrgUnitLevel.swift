/// A level of the administrative hierarchy, from province down to grid.
///
/// Each level has a fixed code length (statistical division codes, extended by a 3-digit grid
/// suffix): 2, 4, 6, 9, 12 and 15 digits. Levels order from the top: `province < city < … < grid`.
public enum OrgUnitLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 省 (2-digit code, `21`).
    case province
    /// 市 (4 digits, `2101`).
    case city
    /// 区/县 (6 digits, `210102`).
    case district
    /// 街道/乡镇 (9 digits, `210102001`).
    case street
    /// 社区/村 (12 digits, `210102001001`).
    case community
    /// 网格 (15 digits, `210102001001001`).
    case grid

    /// The number of digits in codes of this level.
    public var codeLength: Int {
        switch self {
        case .province: return 2
        case .city: return 4
        case .district: return 6
        case .street: return 9
        case .community: return 12
        case .grid: return 15
        }
    }

    /// The level whose codes have `length` digits, or `nil` if no level has that length.
    public init?(codeLength length: Int) {
        guard let level = OrgUnitLevel.allCases.first(where: { $0.codeLength == length }) else { return nil }
        self = level
    }

    /// The level directly above this one, or `nil` for ``province``.
    public var parent: OrgUnitLevel? {
        guard let index = OrgUnitLevel.allCases.firstIndex(of: self), index > 0 else { return nil }
        return OrgUnitLevel.allCases[index - 1]
    }

    public static func < (lhs: OrgUnitLevel, rhs: OrgUnitLevel) -> Bool {
        lhs.codeLength < rhs.codeLength
    }
}
