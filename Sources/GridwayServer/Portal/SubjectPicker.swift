import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The first step of a form whose reports are about a picked subject (选择老人): a list of the
/// candidates `GET /v1/prefill` offers, and, once one is picked, its facts filled into the form,
/// each marked with its source, and the values the sources disagree on offered as a choice.
struct SubjectPicker {
    let contract: Contract
    let text: PortalText
    /// The candidates answer (`candidates`, each with `subject`, `label` and `seen`).
    let candidates: JSONValue
    /// The subject picked, if any.
    let picked: String?
    /// Describes a source (`{"type": "adapter"…}` or `{"type": "submission"…}`) in plain words.
    let describe: (JSONValue?) -> String

    /// What the worker picks: 老人 for a field titled 老人姓名, else 填报对象.
    var noun: String {
        let kind = contract.subject?.kind.rawValue ?? ""
        let title = contract.subjectFacts.first { $0.element == kind + ".name" }?.field.title ?? ""
        for suffix in ["姓名", "名称", "name", "Name"] where title.hasSuffix(suffix) && title.count > suffix.count {
            return String(title.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        return text["subject.noun"]
    }

    /// The picker: a GET form back to the same page keeping `unit` and `period`.
    func render(unit: String, period: String) -> HTML {
        let list = candidates["candidates"]?.arrayValue ?? []
        let options = list.html { candidate in
            let key = candidate["subject"]?.stringValue ?? ""
            let seen = (candidate["seen"]?.arrayValue ?? []).map(describe).joined(separator: "、")
            let label = candidate["label"]?.stringValue ?? ""
            return
                "<option value=\"\(key)\"\(key == picked ? HTML(raw: " selected") : .empty)>\(text("subject.seen", label, seen))</option>"
        }
        let more: HTML = candidates["nextCursor"] == nil ? .empty : "<p class=\"hint\">\(text["subject.more"])</p>"
        let none: HTML = list.isEmpty ? "<p class=\"hint\">\(text("subject.none", noun))</p>" : .empty
        return """
            <form method="get" action="/portal/forms/\(contract.ref.description)" class="subject-picker">
            <input type="hidden" value="\(unit)" name="unit"><input type="hidden" value="\(period)" name="period">
            <div class="field"><label for="f-_subject">\(text("subject.pick", noun))</label>
            <p class="hint" id="h-f-_subject">\(text("subject.hint", noun))</p>\(none)\(more)
            <select id="f-_subject" name="subject" aria-describedby="h-f-_subject"><option value="">\(text("subject.new", noun))</option>\(options)</select></div>
            <button type="submit">\(text("subject.fill", noun))</button></form>
            """
    }

    /// Fills `form` from a prefill answer for the picked subject: each agreed value at its field,
    /// marked with its source; each disputed one as a choice, the field left for the worker.
    static func fill(_ form: inout ContractForm, from answer: JSONValue, describe: (JSONValue?) -> String) {
        for entry in answer["fields"]?.arrayValue ?? [] {
            guard let path = path(of: entry), let value = entry["value"] else { continue }
            form.values = form.values.setting(value, at: path)
            form.sources[path.joined(separator: ".")] = describe(entry["source"])
        }
        for entry in answer["conflicts"]?.arrayValue ?? [] {
            guard let path = path(of: entry) else { continue }
            form.conflicts[path.joined(separator: ".")] = (entry["candidates"]?.arrayValue ?? []).compactMap {
                candidate in
                candidate["value"].map { ($0, describe(candidate["source"])) }
            }
        }
    }

    private static func path(of entry: JSONValue) -> [String]? {
        guard let text = entry["pointer"]?.stringValue, let pointer = try? JSONPointer(parsing: text), !pointer.isRoot
        else { return nil }
        return pointer.tokens
    }
}

extension JSONValue {
    /// The object with `value` at the path of member names `path`, creating objects on the way.
    fileprivate func setting(_ value: JSONValue, at path: [String]) -> JSONValue {
        guard let name = path.first else { return value }
        var members = objectValue ?? [:]
        members[name] = (members[name] ?? .object([:])).setting(value, at: Array(path.dropFirst()))
        return .object(members)
    }
}
