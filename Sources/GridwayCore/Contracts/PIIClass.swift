/// The kind of personal information a contract field holds (个人信息类别), if any.
public enum PIIClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// No personal information.
    case none
    /// A person's name (姓名).
    case name
    /// An identity document number (身份证件号码).
    case idNumber = "id-number"
    /// A telephone number (电话号码).
    case phone
    /// A home or postal address (住址).
    case address
    /// A date of birth (出生日期).
    case birthDate = "birth-date"
    /// Health, medical or care information (健康、医疗、照护信息) — sensitive personal information.
    case health
    /// A precise location: coordinates, site photos (精确位置).
    case location
}
