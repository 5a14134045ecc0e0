import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// An HTML form generated from a contract's JSON Schema: text, numbers with their ranges, dates,
/// enumerations as selects (labelled by `x-gridway-enum-titles`), booleans, nested objects, arrays of
/// enumerations as checkboxes and arrays of objects as repeatable rows.
///
/// Inputs are named by the field's dotted path below `data` (`visitor.name`, `hazards.0.kind`), which
/// ``ContractFormReader`` reads back and ``FieldErrors`` maps JSON Pointers onto.
struct ContractForm {
    let contract: Contract
    let text: PortalText
    /// The values to show, a `data` object.
    var values: JSONValue = .object([:])
    /// Messages by field path.
    var errors: FieldErrors = FieldErrors()
    /// Where each prefilled top-level field's value came from, by field name.
    var sources: [String: String] = [:]
    /// The personal top-level fields of a correction that stay hidden, by name, with their masked text:
    /// each shows that text and a button that reveals it (audited) for editing, and keeps its value otherwise.
    var masked: [String: String] = [:]
    /// The values the prefill sources disagree on, each with its source described, by field path:
    /// shown as a choice above the field, which stays for the worker to fill.
    var conflicts: [String: [(value: JSONValue, source: String)]] = [:]

    /// The fields, in contract order.
    func render() -> HTML {
        let properties = contract.schema["properties"]
        return contract.fields.html { field in
            self.field(field, node: properties?[field.name] ?? .null, path: field.name, value: values[field.name])
        }
    }

    /// The choice between the values the sources disagree on for `path`, if they do; picking one
    /// copies it into the field (portal.js).
    private func conflictChoice(_ path: String, inputID: String) -> HTML {
        guard let candidates = conflicts[path], !candidates.isEmpty else { return .empty }
        let choices = candidates.enumerated().html { index, candidate in
            let value = Self.display(candidate.value)
            return """
                <label class="check"><input type="radio" name="_conflict.\(path)" id="\(inputID)-c\(index)" value="\(value)" data-fill="\(inputID)"> \(value)（\(candidate.source)）</label>
                """
        }
        return "<fieldset class=\"conflict\"><legend>\(text["form.conflict"])</legend>\(choices)</fieldset>"
    }

    /// The HTML id of the input for `path`.
    static func inputID(_ path: String) -> String { "f-" + path.replacingOccurrences(of: ".", with: "-") }

    private func field(_ field: ContractField, node: JSONValue, path: String, value: JSONValue?) -> HTML {
        let id = Self.inputID(path)
        let messages = errors.messages(at: path)
        let described =
            (node["description"]?.stringValue.map { _ in ["h-" + id] } ?? []) + (messages.isEmpty ? [] : ["e-" + id])
        let describedBy: HTML = described.isEmpty ? .empty : " aria-describedby=\"\(described.joined(separator: " "))\""
        let invalid: HTML = messages.isEmpty ? .empty : " aria-invalid=\"true\""
        let required: HTML = field.isRequired ? " required" : .empty
        let marker: HTML = field.isRequired ? "<abbr class=\"req\" title=\"\(text["form.required"])\">*</abbr>" : .empty
        let codes = (field.allowedValues ?? node["items"]?["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        let description: HTML =
            node["description"]?.stringValue.map {
                "<p class=\"hint\" id=\"h-\(id)\">\(WorkerHint.text($0, codes: codes))</p>"
            } ?? .empty
        let hint: HTML = "\(description)\(conflictChoice(path, inputID: id))"
        let source: HTML = sources[path].map { "<span class=\"source\">\(text("form.prefilled", $0))</span>" } ?? .empty
        let error: HTML =
            "<p class=\"field-error\" id=\"e-\(id)\"\(messages.isEmpty ? HTML(raw: " hidden") : .empty)>\(messages.joined(separator: "；"))</p>"
        let piiBadge: HTML =
            field.pii == .none
            ? .empty : "<span class=\"pii\" title=\"\(text["form.piiHint"])\">\(text["form.pii"])</span>"
        let label: HTML = "<label for=\"\(id)\">\(field.title)\(marker)</label>\(piiBadge)\(source)"
        let common: HTML = "id=\"\(id)\" name=\"\(path)\"\(required)\(describedBy)\(invalid)"
        if let shown = masked[path] {
            return """
                <div class="field"><span class="label" id="l-\(id)">\(field.title)\(marker)</span>\(piiBadge)
                <div class="masked-value"><span class="masked" id="\(id)" aria-labelledby="l-\(id)">\(shown)</span><input type="hidden" name="_keep" value="\(path)">
                <button type="submit" class="link" formaction="/portal/forms/\(contract.ref.description)/reveal" formnovalidate name="_reveal" value="\(path)" aria-label="\(text("correction.revealField", field.title))">\(text["correction.reveal"])</button></div>\(error)</div>
                """
        }
        switch field.type {
        case .object?:
            let properties = node["properties"]
            let nested = field.fields.html { child in
                self.field(
                    child, node: properties?[child.name] ?? .null, path: path + "." + child.name,
                    value: value?[child.name])
            }
            return
                "<fieldset class=\"group\" id=\"\(id)\"><legend>\(field.title)\(marker)</legend>\(piiBadge)\(source)\(hint)\(error)\(nested)</fieldset>"
        case .array?:
            return array(
                field, node: node, path: path, value: value, marker: marker, hint: hint, error: error, source: source)
        case .boolean?:
            let current = value?.boolValue
            return """
                <div class="field">\(label)\(hint)<select \(common)><option value="">\(text["form.choose"])</option>
                <option value="true"\(current == true ? HTML(raw: " selected") : .empty)>\(text["form.yes"])</option>
                <option value="false"\(current == false ? HTML(raw: " selected") : .empty)>\(text["form.no"])</option></select>\(error)</div>
                """
        case .integer?, .number?:
            var attributes =
                "inputmode=\"\(field.type == .integer ? "numeric" : "decimal")\" step=\"\(field.type == .integer ? "1" : "any")\""
            if let minimum = node["minimum"].flatMap(Self.number) { attributes += " min=\"\(minimum)\"" }
            if let maximum = node["maximum"].flatMap(Self.number) { attributes += " max=\"\(maximum)\"" }
            let range = Self.rangeText(node, text: text)
            return """
                <div class="field">\(label)\(hint)<input type="number" \(common) \(HTML(raw: attributes)) value="\(Self.display(value))">\(range)\(error)</div>
                """
        default:
            if let options = field.allowedValues?.compactMap(\.stringValue) {
                return
                    "<div class=\"field\">\(label)\(hint)<select \(common)>\(self.options(options, titles: field.enumTitles, selected: value?.stringValue))</select>\(error)</div>"
            }
            let format = node["format"]?.stringValue
            var attributes = ""
            if let maxLength = node["maxLength"]?.intValue { attributes += " maxlength=\"\(maxLength)\"" }
            if let minLength = node["minLength"]?.intValue { attributes += " minlength=\"\(minLength)\"" }
            if let pattern = node["pattern"]?.stringValue {
                attributes += " pattern=\"\(HTML.escape(Self.htmlPattern(pattern)))\""
            }
            if (node["maxLength"]?.intValue ?? 0) > 200 {
                return
                    "<div class=\"field\">\(label)\(hint)<textarea \(common)\(HTML(raw: attributes)) rows=\"3\">\(Self.display(value))</textarea>\(error)</div>"
            }
            let type = format == "date" ? "date" : format == "email" ? "email" : "text"
            return
                "<div class=\"field\">\(label)\(hint)<input type=\"\(type)\" \(common)\(HTML(raw: attributes)) value=\"\(Self.display(value))\">\(error)</div>"
        }
    }

    private func array(
        _ field: ContractField, node: JSONValue, path: String, value: JSONValue?, marker: HTML, hint: HTML, error: HTML,
        source: HTML
    ) -> HTML {
        let id = Self.inputID(path)
        let items = node["items"] ?? .null
        if let options = items["enum"]?.arrayValue?.compactMap(\.stringValue) {
            let chosen = Set(value?.arrayValue?.compactMap(\.stringValue) ?? [])
            let titles = items["x-gridway-enum-titles"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            let boxes = options.enumerated().html { index, option in
                """
                <label class="check"><input type="checkbox" name="\(path)" value="\(option)" id="\(id)-\(index)"\(chosen.contains(option) ? HTML(raw: " checked") : .empty)> \(titles[option] ?? option)</label>
                """
            }
            return
                "<fieldset class=\"group checks\" id=\"\(id)\"><legend>\(field.title)\(marker)</legend>\(source)\(hint)\(error)<div class=\"check-list\">\(boxes)</div></fieldset>"
        }
        if !field.fields.isEmpty {
            let properties = items["properties"]
            let rows = value?.arrayValue ?? []
            func row(_ index: String, _ item: JSONValue?) -> HTML {
                let cells = field.fields.html { child in
                    self.field(
                        child, node: properties?[child.name] ?? .null, path: "\(path).\(index).\(child.name)",
                        value: item?[child.name])
                }
                return
                    "<div class=\"row\" data-row>\(cells)<button type=\"button\" class=\"link remove-row\" data-remove-row>\(text["form.removeRow"])</button></div>"
            }
            let existing = rows.enumerated().html { row(String($0.offset), $0.element) }
            // A blank row works without scripts (blank rows are ignored); with them, "add" copies the template.
            let blank = row(String(rows.count), nil)
            let template = row("__i__", nil)
            return """
                <fieldset class="group rows" id="\(id)" data-rows="\(path)" data-next="\(rows.count + 1)"><legend>\(field.title)\(marker)</legend>\(source)\(hint)\(error)
                <div class="row-list">\(existing)\(blank)</div>
                <template>\(template)</template>
                <button type="button" class="add-row" data-add-row>\(text["form.addRow"])</button></fieldset>
                """
        }
        let lines = value?.arrayValue?.compactMap(\.stringValue).joined(separator: "\n") ?? ""
        return """
            <div class="field"><label for="\(id)">\(field.title)\(marker)</label>\(source)\(hint)<textarea id="\(id)" name="\(path)" rows="3" data-lines>\(lines)</textarea>
            <p class="hint">\(text["form.onePerLine"])</p>\(error)</div>
            """
    }

    private func options(_ values: [String], titles: [String: String], selected: String?) -> HTML {
        let choose: HTML = "<option value=\"\">\(text["form.choose"])</option>"
        return choose
            + values.html { value in
                "<option value=\"\(value)\"\(value == selected ? HTML(raw: " selected") : .empty)>\(titles[value] ?? value)</option>"
            }
    }

    /// "1–600" under a number input, when the schema gives a range.
    private static func rangeText(_ node: JSONValue, text: PortalText) -> HTML {
        switch (node["minimum"].flatMap(number), node["maximum"].flatMap(number)) {
        case (let low?, let high?): "<p class=\"hint\">\(text("form.range", low, high))</p>"
        case (let low?, nil): "<p class=\"hint\">\(text("form.atLeast", low))</p>"
        case (nil, let high?): "<p class=\"hint\">\(text("form.atMost", high))</p>"
        case (nil, nil): .empty
        }
    }

    private static func number(_ value: JSONValue) -> String? {
        switch value {
        case .integer(let number): String(number)
        case .number(let number): String(number)
        default: nil
        }
    }

    /// A value as an input shows it.
    static func display(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .number(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: ""
        }
    }

    /// A JSON Schema pattern as an HTML `pattern` (which is anchored already): without the outer `^…$`.
    private static func htmlPattern(_ pattern: String) -> String {
        var body = Substring(pattern)
        if body.hasPrefix("^") { body = body.dropFirst() } else { body = ".*" + body }
        if body.hasSuffix("$") { body = body.dropLast() } else { body += ".*" }
        return String(body)
    }
}
