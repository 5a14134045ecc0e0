import GridwayCore
import GridwayJSON

/// A JSONPath over an input document, compiled once when the manifest is read, with where it was written.
///
/// A class, so that templates share it instead of copying it on every evaluation.
final class DocumentPath: Sendable {
    /// The expression as written, e.g. `$.data.elderName`.
    let text: String
    /// Where it starts in the manifest.
    let position: SourcePosition
    /// The compiled query.
    let query: JSONPath
    /// The member names the path starts with (`$.data.visitor.name` → `data`, `visitor`, `name`),
    /// up to the first selector that is not a plain name; used by the checks.
    let leadingNames: [String]

    /// Compiles `text`.
    init(_ text: String, at position: SourcePosition) throws(JSONPathSyntaxError) {
        query = try JSONPath(parsing: text)
        self.text = text
        self.position = position
        leadingNames = query.leadingNames
    }

    /// The value the path points at: the single node of a singular path (`nil` when there is
    /// none), or the array of every selected node for any other path.
    func value(in document: JSONValue) -> JSONValue? {
        query.isSingular ? query.firstValue(in: document) : .array(query.values(in: document))
    }

    /// The items the path stands for, as a list: the elements of an array it points at, the value
    /// itself for an object or scalar, nothing for a missing or `null` value; every node selected
    /// by a non-singular path.
    func items(in document: JSONValue) -> [JSONValue] {
        guard query.isSingular else { return query.values(in: document) }
        switch query.firstValue(in: document) {
        case .none, .null?: return []
        case .array(let elements)?: return elements
        case let value?: return [value]
        }
    }
}
