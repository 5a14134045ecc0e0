import GridwayJSON

/// A field of a contract holding a stable fact of the report's subject (name, ID number, address,
/// phone, birth date, household): the only kind of field that is ever prefilled.
public struct SubjectFact: Sendable, Hashable {
    /// Where the field is in a submission's data, through object fields only, e.g. `/elderPhone`.
    public let pointer: JSONPointer
    /// The field.
    public let field: ContractField
    /// The element the field references, e.g. `person.phone`: the same fact in another contract
    /// references the same element.
    public let element: String

    /// Creates a subject fact.
    public init(pointer: JSONPointer, field: ContractField, element: String) {
        self.pointer = pointer
        self.field = field
        self.element = element
    }
}
