import GridwayCore
import GridwayJSON
import OrderedCollections

/// The subject facts a prefill offers for one subject: every non-empty value each source holds for
/// each fact, resolved into fields filled with the one value all sources agree on, and conflicts
/// where they disagree (listed with every value and its source, never merged).
struct PrefillOffer {
    /// One value a source holds for a fact.
    struct Candidate {
        var value: JSONValue
        var source: PrefillSource
    }

    /// The facts that may be offered, in the contract's order.
    let facts: [SubjectFact]
    /// Every distinct value found per fact pointer, in the order found, with its first source.
    private var candidates: [JSONPointer: [Candidate]] = [:]

    /// An offer of `facts`, empty so far.
    init(facts: [SubjectFact]) {
        self.facts = facts
    }

    /// Adds `value` as a candidate for `fact` (a missing or ``JSONValue/isBlank`` value is none),
    /// unless an earlier source gave the same one.
    mutating func add(_ value: JSONValue?, for fact: SubjectFact, from source: PrefillSource) {
        guard let value, !value.isBlank else { return }
        let bytes = value.canonicalBytes()
        var found = candidates[fact.pointer, default: []]
        guard !found.contains(where: { $0.value.canonicalBytes() == bytes }) else { return }
        found.append(Candidate(value: value, source: source))
        candidates[fact.pointer] = found
    }

    /// Adds every fact `record`, in the offered contract's shape, holds.
    mutating func add(record: JSONValue, from source: PrefillSource) {
        for fact in facts { add(fact.pointer.resolve(in: record), for: fact, from: source) }
    }

    /// The facts whose sources agree on one value, by pointer: the values the answer offers, and the
    /// place a prefill token is issued from.
    var offeredFields: OrderedDictionary<JSONPointer, JSONValue> {
        var offered: OrderedDictionary<JSONPointer, JSONValue> = [:]
        for fact in facts {
            if let found = candidates[fact.pointer], found.count == 1 { offered[fact.pointer] = found[0].value }
        }
        return offered
    }

    /// `fields`: `{"field", "pointer", "element", "value", "source"}` per agreed fact; `conflicts`:
    /// `{"field", "pointer", "element", "candidates": [{"value", "source"}]}` per disputed one.
    var json: (fields: JSONValue, conflicts: JSONValue) {
        var fields: [JSONValue] = []
        var conflicts: [JSONValue] = []
        for fact in facts {
            guard let found = candidates[fact.pointer], !found.isEmpty else { continue }
            var entry: OrderedDictionary<String, JSONValue> = [
                "field": .string(fact.field.name), "pointer": .string(fact.pointer.description),
                "element": .string(fact.element),
            ]
            if found.count == 1 {
                entry["value"] = found[0].value
                entry["source"] = found[0].source.json
                fields.append(.object(entry))
            } else {
                entry["candidates"] = .array(found.map { ["value": $0.value, "source": $0.source.json] })
                conflicts.append(.object(entry))
            }
        }
        return (.array(fields), .array(conflicts))
    }
}

extension JSONValue {
    /// Whether the value offers nothing to prefill: it ``fillsNothing`` or is text of spaces only.
    var isBlank: Bool {
        fillsNothing || stringValue?.allSatisfy(\.isWhitespace) == true
    }
}
