/// How freely a contract field may be shared with upstream systems (数据共享属性).
public enum SharingLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 无条件共享: any target receiving the contract may receive the field.
    case open
    /// 有条件共享: only targets whose field grant names the field receive it.
    case conditional
    /// 不予共享: stays with the reporting unit unless a grant names it explicitly.
    case restricted

    /// Levels order from most to least shareable: `open < conditional < restricted`.
    public static func < (lhs: SharingLevel, rhs: SharingLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
