import Foundation
import GridwayAdapters
import GridwayCore

/// One column of an import file: the form input it fills, its Chinese title, and how its cells are read.
struct ImportColumn {
    /// How a cell becomes form values.
    enum Kind: Equatable {
        /// The reporting unit's code (optional; the uploader's unit otherwise).
        case unit
        /// The reporting period, in any form ``PeriodInput`` reads.
        case period
        /// One value, read as the form reads it (`format` is the schema's, e.g. `date`).
        case value(format: String?)
        /// One of ``ImportColumn/options``, by label or code.
        case choice
        /// Any of ``ImportColumn/options``, separated by `、`, `；`, `;` or `,`.
        case choices
        /// An array of objects, as JSON.
        case rows
    }

    /// A choice's code and its label.
    struct Option: Equatable {
        var code: String
        var label: String
    }

    /// The form path (`visitor.role`), or `unit` and `period`.
    var name: String
    /// The Chinese title shown as the header (`走访人身份`).
    var title: String
    var kind: Kind
    var isRequired: Bool
    /// The field's description, for the instructions.
    var hint: String
    var options: [Option] = []

    /// The form values of a cell: choices turned from labels into codes, a date or date-time typed as an
    /// Excel serial number turned into a day (and time). Text that matches nothing is kept for validation to report.
    func formValues(_ cell: String) -> [String] {
        let text = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .choice:
            return [code(text)]
        case .choices:
            return text.split(whereSeparator: { "、；;,，\n".contains($0) }).map {
                code($0.trimmingCharacters(in: .whitespaces))
            }.filter { !$0.isEmpty }
        case .value(format: "date"):
            return [Self.serialDate(text) ?? text]
        case .value(format: "date-time"):
            // A serial with no fraction is midnight of its day.
            return [Self.serialDate(text).map { $0.contains(" ") ? $0 : $0 + " 00:00" } ?? text]
        default:
            return [text]
        }
    }

    /// A date typed as an Excel serial number (46362, or 46362.6042 with a time of day) as `YYYY-MM-DD`
    /// or `YYYY-MM-DD HH:MM`; `nil` for any other text.
    private static func serialDate(_ text: String) -> String? {
        guard let serial = Double(text), (1...2_958_465).contains(serial) else { return nil }
        return XLSXReader.date(serial: serial)
    }

    /// The code of a choice typed as its code or its label; the text itself when it is neither.
    func code(_ text: String) -> String {
        options.first { $0.code == text || $0.label == text }?.code ?? text
    }

    /// The labels of the options, for messages: `入户走访、电话问候`.
    var optionList: String { options.map(\.label).joined(separator: "、") }
}
