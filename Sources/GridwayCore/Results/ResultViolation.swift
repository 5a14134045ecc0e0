import GridwayJSON

/// One thing wrong with a result request, located by JSON Pointer into the request body.
public struct ResultViolation: Error, Sendable, Hashable {
    /// Where in the body, e.g. `/audience/units/2`.
    public var location: JSONPointer
    /// What is wrong, for a human.
    public var message: String

    /// Creates a violation.
    public init(location: JSONPointer, message: String) {
        self.location = location
        self.message = message
    }
}

/// Every violation found in a result request.
public struct ResultRequestError: Error, Sendable, Hashable {
    /// The violations, in body order.
    public var violations: [ResultViolation]
}
