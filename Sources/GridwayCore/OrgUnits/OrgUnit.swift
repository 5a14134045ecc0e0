/// One node of the org-unit hierarchy: a province, city, district, street, community or grid.
public struct OrgUnit: Sendable, Hashable, Codable {
    /// The hierarchical code, e.g. `210102001` (its parent's code is a prefix of it).
    public var code: String
    /// The Chinese name, e.g. `太原街街道`.
    public var name: String
    /// The level; matches the length of ``code`` in a valid ``OrgUnitTree``.
    public var level: OrgUnitLevel

    /// Creates a unit. Codes are checked when units are assembled into an ``OrgUnitTree``.
    public init(code: String, name: String, level: OrgUnitLevel) {
        self.code = code
        self.name = name
        self.level = level
    }

    /// The code of the parent implied by ``code`` (its prefix one level up), or `nil` for a
    /// province or a code of no level's length.
    public var parentCode: String? {
        guard let length = OrgUnitLevel(codeLength: code.utf8.count)?.parent?.codeLength else { return nil }
        return String(decoding: code.utf8.prefix(length), as: UTF8.self)
    }
}
