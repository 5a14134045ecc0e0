extension Contract {
    /// The ``Delivery/orderKey`` of the deliveries of `request`: reports about the same subject,
    /// contract and period reach each target one at a time, in the order they were accepted. The
    /// subject is the report's keyed subject (its ``SubmissionRequest/subjectKey``, as acceptance set
    /// it from ``storedSubjectKey(in:)``) or, for a unit-level contract, its unit; hashed (SHA-256), so
    /// the delivery table holds no identifying value. `nil` for an event, an undeclared subject or a
    /// missing key value: such a report waits for no other (its corrections still wait for it).
    public func deliveryOrderKey(of request: SubmissionRequest) -> String? {
        let subjectKey = request.subjectKey ?? storedSubjectKey(in: request.data)
        let about: String
        if !subjectKey.isEmpty {
            about = subjectKey
        } else if subject?.isUnit == true {
            about = "unit\u{1F}" + request.unit
        } else {
            return nil
        }
        return SHA256Hex.of([ref.description, request.period ?? "", about].joined(separator: "\u{1E}").utf8)
    }
}
