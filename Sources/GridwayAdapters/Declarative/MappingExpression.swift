import GridwayCore
import GridwayJSON

/// A template value read from the input document: a JSONPath and a pipeline of transforms,
/// written `$.data.visitDate | date(yyyy-MM-dd, yyyyMMdd)`.
///
/// When the path selects nothing (or `null`) and no `default(…)` fills it in, the member is
/// left out if the pipeline says `optional`; otherwise the mapping fails (for nothing) or
/// writes `null`.
struct MappingExpression: Sendable {
    /// The path the value comes from.
    let path: DocumentPath
    /// The steps, each with its text for messages.
    let transforms: [(transform: Transform, text: String)]
    /// Whether a missing or `null` value leaves the member out.
    let isOptional: Bool

    /// The value, or `nil` when the member is to be left out.
    func evaluate(in document: JSONValue) throws(MappingFailure) -> JSONValue? {
        var value = path.value(in: document)
        for step in transforms {
            do {
                value = try step.transform.apply(value, in: document)
            } catch {
                throw MappingFailure("\(step.text) of \(path.text): \(error.reason)", at: error.location)
            }
        }
        switch value {
        case .none:
            guard isOptional else {
                throw MappingFailure(
                    "\(path.text) selects nothing; end the expression with `| optional` or `| default(…)` if it may be missing"
                )
            }
            return nil
        case .null?:
            return isOptional ? nil : .null
        case let value?:
            return value
        }
    }
}
