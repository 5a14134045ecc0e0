import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// Checks every row of an import file without storing anything: each becomes a submission request, or
/// the reasons it cannot, by row number and Chinese column title, in the interface language.
///
/// A row is read as the web form would read it (``ContractFormReader``), its period by
/// ``PeriodInput``, then validated by the one ``SubmissionIntake`` every channel uses.
struct ImportCheck {
    let columns: ImportColumns
    let text: PortalText
    let intake: SubmissionIntake
    let credential: Credential
    /// The uploader's own unit, for rows that name none.
    let unit: String

    /// What is wrong with one cell, or with the whole row when `column` is empty.
    struct Mistake: Equatable {
        var column: String
        var message: String
    }

    /// One row's result: a request ready to store, or its mistakes.
    struct Outcome {
        var number: Int
        var request: SubmissionRequest?
        var mistakes: [Mistake]
    }

    /// Why a file cannot be checked row by row at all.
    struct FileProblem: Error {
        var message: String
    }

    /// The outcome of each row of `table`.
    /// - Throws: ``FileProblem`` when the header names columns the contract lacks or names one twice, or
    ///   there are no rows.
    func outcomes(_ table: ImportTable) throws(FileProblem) -> [Outcome] {
        var byIndex: [Int: ImportColumn] = [:]
        var unknown: [String] = []
        var seen: Set<String> = []
        for (index, header) in table.header.enumerated() where !header.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let column = columns.column(named: header) else {
                unknown.append(header)
                continue
            }
            guard seen.insert(column.name).inserted else {
                throw FileProblem(message: text("import.duplicateColumn", column.title))
            }
            byIndex[index] = column
        }
        guard unknown.isEmpty else {
            throw FileProblem(message: text("import.unknownColumns", unknown.joined(separator: "、")))
        }
        guard !table.rows.isEmpty else { throw FileProblem(message: text["import.noRows"]) }
        return table.rows.map { row in outcome(row, columns: byIndex) }
    }

    private func outcome(_ row: ImportTable.Row, columns byIndex: [Int: ImportColumn]) -> Outcome {
        var mistakes: [Mistake] = []
        var form = PortalForm(urlEncoded: "")
        var unit = self.unit
        var periodText: String?
        for (index, cell) in row.cells.enumerated() {
            guard let column = byIndex[index] else { continue }
            let trimmed = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            switch column.kind {
            case .unit:
                if !trimmed.isEmpty { unit = trimmed }
            case .period:
                periodText = trimmed
            case .rows:
                guard !trimmed.isEmpty else { continue }
                guard let rows = try? JSONValue(parsing: Array(trimmed.utf8)), case .array(let items) = rows else {
                    mistakes.append(Mistake(column: column.title, message: text["import.badRows"]))
                    continue
                }
                for (number, item) in items.enumerated() {
                    for (name, value) in item.objectValue ?? [:] {
                        form.append("\(column.name).\(number).\(name)", ContractForm.display(value))
                    }
                }
            default:
                for value in column.formValues(trimmed) { form.append(column.name, value) }
            }
        }
        let contract = columns.contract
        var envelope: OrderedDictionary<String, JSONValue> = [
            "contract": .string(contract.ref.description), "unit": .string(unit),
            "data": ContractFormReader(contract: contract).data(from: form),
        ]
        let periodColumn = columns.columns.first { $0.kind == .period }
        var period = PortalPeriods.current(contract.periodType)
        if let periodText, !periodText.isEmpty, let periodColumn {
            do {
                period = try PeriodInput.period(periodText, as: contract.periodType).description
            } catch {
                // Reported once here; the row is still checked with the current period to find its other mistakes.
                mistakes.append(
                    Mistake(
                        column: periodColumn.title, message: text("import.badPeriod", periodText, periodColumn.hint)))
            }
        }
        if let period { envelope["period"] = .string(period) }
        guard intake.units.contains(unit), credential.mayActFor(unit: unit, in: intake.units) else {
            mistakes.append(Mistake(column: columns.unit.title, message: text("import.badUnit", unit)))
            return Outcome(number: row.number, request: nil, mistakes: mistakes)
        }
        do {
            let request = try intake.request(from: .object(envelope), for: credential)
            return Outcome(number: row.number, request: mistakes.isEmpty ? request : nil, mistakes: mistakes)
        } catch {
            mistakes += self.mistakes(error)
            return Outcome(number: row.number, request: nil, mistakes: mistakes)
        }
    }

    /// A refusal's messages placed on the columns of the fields they concern.
    private func mistakes(_ refusal: Problem) -> [Mistake] {
        let errors = FieldErrors(refusal, text: text)
        var mistakes = errors.general.map { Mistake(column: "", message: $0) }
        for path in errors.paths {
            let column = columns.column(forPath: path)
            var message = errors.messages(at: path).joined(separator: "；")
            if let column, !column.options.isEmpty { message += text("import.optionsAre", column.optionList) }
            switch column?.kind {
            case .value(format: "date")?: message += text["import.dateHint"]
            case .value(format: "date-time")?: message += text["import.dateTimeHint"]
            default: break
            }
            mistakes.append(Mistake(column: column?.title ?? path, message: message))
        }
        if mistakes.isEmpty { mistakes.append(Mistake(column: "", message: refusal.words(in: text).detail)) }
        return mistakes
    }
}
