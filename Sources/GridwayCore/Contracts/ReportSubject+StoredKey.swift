import GridwayJSON

extension ReportSubject {
    /// The text every stored key of this kind of subject starts with: the key's element ids and a
    /// unit separator (`person.idNumber␟`), so reports of different contracts about the same subject
    /// share a stored key and keys of different kinds of subject never collide.
    public var storedKeyPrefix: String {
        key.map(\.element).joined(separator: ",") + "\u{1F}"
    }

    /// The stored form of `key`, a ``Contract/subjectKey(in:)``: ``storedKeyPrefix`` followed by it.
    public func storedKey(_ key: String) -> String {
        storedKeyPrefix + key
    }
}

extension Contract {
    /// The key a submission of this contract carrying `data` is stored under to find a subject's
    /// earlier reports: ``ReportSubject/storedKey(_:)`` of ``subjectKey(in:)``, or `""` when the
    /// report is about no keyed subject (the unit itself, an event, a missing key value).
    public func storedSubjectKey(in data: JSONValue) -> String {
        guard let subject, let key = subjectKey(in: data) else { return "" }
        return subject.storedKey(key)
    }
}
