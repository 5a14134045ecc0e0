import GridwayJSON

/// One part of a subject's key: a data element and the contract field that carries it.
public struct SubjectKeyField: Sendable, Hashable {
    /// The element id, e.g. `person.idNumber`.
    public let element: String
    /// The field carrying it, through object fields only, e.g. `/elderIdNumber`.
    public let pointer: JSONPointer

    /// Creates a key part.
    public init(element: String, pointer: JSONPointer) {
        self.element = element
        self.pointer = pointer
    }
}
