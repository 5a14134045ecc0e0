import GridwayCore
import GridwayJSON

/// How a candidate subject is shown to the worker picking one: its name (the subject fact of
/// element `<kind>.name`, e.g. `person.name`) and the parts of its key, each masked as
/// ``PIIMask`` masks its class (`张** · 210102********0025`), so a list of residents discloses
/// no more than the portal's lists do.
struct SubjectLabel {
    /// The contract `data` follows.
    let contract: Contract

    /// The label of the subject with `key` that `data` is about.
    func label(of data: JSONValue, key: String) -> String {
        var parts: [String] = []
        let nameElement = (contract.subject?.kind.rawValue ?? "") + ".name"
        if let name = contract.subjectFacts.first(where: { $0.element == nameElement }),
            let value = name.pointer.resolve(in: data), !value.isBlank
        {
            parts.append(PIIMask.mask(value, as: name.field.pii))
        }
        for part in contract.subject?.key ?? [] where part.element != nameElement {
            let pii = contract.subjectFacts.first { $0.pointer == part.pointer }?.field.pii ?? .idNumber
            if let value = part.pointer.resolve(in: data) { parts.append(PIIMask.mask(value, as: pii)) }
        }
        return parts.isEmpty ? PIIMask.mask(.string(key), as: .idNumber) : parts.joined(separator: " · ")
    }
}
