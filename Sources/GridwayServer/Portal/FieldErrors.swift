import GridwayCore
import GridwayJSON

/// Server-side errors placed beside the form field they concern.
///
/// A problem's JSON Pointer locations (`/data/visitor/name`, `/data/hazards/0/kind`) become the form's
/// dotted field paths; a missing required property, which JSON Schema locates at its object, is moved
/// to the property it names. What matches no field is kept for the top of the form.
struct FieldErrors {
    private var byPath: [String: [String]] = [:]
    /// Messages that belong to no single field (the envelope, the period, the whole report).
    private(set) var general: [String] = []

    /// Whether there is no message at all.
    var isEmpty: Bool { byPath.isEmpty && general.isEmpty }

    /// The messages for the field at `path`.
    func messages(at path: String) -> [String] { byPath[path] ?? [] }

    /// Adds a message for a field path.
    mutating func add(_ message: String, at path: String) { byPath[path, default: []].append(message) }

    /// Adds a message for the whole form.
    mutating func addGeneral(_ message: String) { general.append(message) }

    /// Every field path with a message, for the summary at the top of the form.
    var paths: [String] { byPath.keys.sorted() }

    /// Places each violation of a problem: under `/data` by field, `/period` on the period input, others in general.
    /// Messages of schema keywords are given in the interface language (``Problem/Violation/localized(in:)``).
    init(_ violations: [Problem.Violation] = [], text: PortalText? = nil) {
        for original in violations {
            let violation = text.map(original.localized(in:)) ?? original
            guard let pointer = try? JSONPointer(parsing: violation.instanceLocation) else {
                general.append(violation.message)
                continue
            }
            var tokens = pointer.tokens
            if tokens == ["period"] {
                add(violation.message, at: "_period")
                continue
            }
            guard tokens.first == "data" else {
                general.append(violation.message)
                continue
            }
            tokens.removeFirst()
            if violation.keywordLocation?.hasSuffix("/required") == true,
                let name = Self.quotedName(in: original.message)
            {
                tokens.append(name)
            }
            if tokens.isEmpty {
                general.append(violation.message)
            } else {
                add(violation.message, at: tokens.joined(separator: "."))
            }
        }
    }

    /// Places a problem's violations in the interface language: one no schema keyword explains (a period, a
    /// unit, a correction that does not fit) reads as the problem type's own detail, as does a problem without any.
    init(_ problem: Problem, text: PortalText) {
        let detail = problem.words(in: text).detail
        self.init(
            problem.violations.map {
                $0.keywordLocation == nil
                    ? Problem.Violation(instanceLocation: $0.instanceLocation, message: detail) : $0
            },
            text: text)
        if problem.violations.isEmpty { addGeneral(detail) }
    }

    /// The first double-quoted name in a message, as the validator quotes property names.
    private static func quotedName(in message: String) -> String? {
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }
}
