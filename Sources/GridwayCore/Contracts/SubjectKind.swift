/// The kind of thing a data element describes, and so the kind of subject a report can be about.
public enum SubjectKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A resident (居民): name, ID number, phone, address, birth date.
    case person
    /// A household (户): its members, its registered address.
    case household
    /// A place (场所): a shop, a site, a building, with its address and operator.
    case place
    /// An org unit (本单位): the reporting community, street or grid itself.
    case orgUnit = "org-unit"
    /// One event (事件): this visit, this inspection, this month's figures. Event facts are never
    /// prefilled.
    case event
}
