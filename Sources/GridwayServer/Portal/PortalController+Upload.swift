import Foundation
import GridwayAdapters
import GridwayCore
import Hummingbird

/// Batch import from Excel and CSV: a template to download per contract, a preview that checks every
/// row and stores nothing, then storing the rows that passed. Every row goes through the one submission
/// path on its own; a row's idempotency key is its digest, so the same row is never stored twice, in
/// whatever file it comes again.
extension PortalController {
    /// The most rows one file may hold.
    static var uploadRowLimit: Int { 1000 }

    @Sendable func uploadPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        return await uploadResponse(visit, contract: contract, results: .empty, status: .ok)
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let template = ImportTemplate(
            columns: ImportColumns(contract: contract, text: visit.text), text: visit.text,
            period: PortalPeriods.current(contract.periodType).flatMap {
                try? PeriodInput.period($0, as: contract.periodType)
            })
        let xlsx = request.uri.path.hasSuffix(".xlsx")
        let bytes = try xlsx ? template.workbook() : template.csv()
        let name = "\(contract.title)\(visit.text["import.templateSuffix"]).\(xlsx ? "xlsx" : "csv")"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Response(
            status: .ok,
            headers: [
                .contentType: xlsx
                    ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
                .contentDisposition:
                    "attachment; filename=\"\(contract.ref.id)-template.\(xlsx ? "xlsx" : "csv")\"; filename*=UTF-8''\(encoded)",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Checks an uploaded file and shows what would be stored and what must be fixed; stores nothing.
    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.requireCredential()
        let contract = try self.contract(context, visit)
        let form = try await visit.multipartForm()
        guard let file = form.files["file"], !file.isEmpty else {
            return await uploadResponse(
                visit, contract: contract, results: alert(visit.text["upload.noFile"]), status: .unprocessableContent)
        }
        return try await importResponse(visit, contract: contract, file: file, storing: false)
    }

    /// Stores the rows of a previewed file that pass, and shows each row's outcome.
    @Sendable func importRows(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.requireCredential()
        let contract = try self.contract(context, visit)
        let form = try await visit.multipartForm()
        guard let file = form["content"].flatMap({ Data(base64Encoded: $0) }), !file.isEmpty else {
            return await uploadResponse(
                visit, contract: contract, results: alert(visit.text["upload.noFile"]), status: .unprocessableContent)
        }
        return try await importResponse(visit, contract: contract, file: [UInt8](file), storing: true)
    }

    private func importResponse(_ visit: PortalVisit, contract: Contract, file: [UInt8], storing: Bool) async throws
        -> Response
    {
        let credential = try visit.requireCredential()
        let text = visit.text
        let unit = try visit.staffUnit()
        if file.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return await uploadResponse(
                visit, contract: contract, results: alert(text["import.oldExcel"]), status: .unprocessableContent)
        }
        let table: ImportTable
        do {
            table = try ImportTable(file)
        } catch {
            return await uploadResponse(
                visit, contract: contract, results: alert(text("upload.unreadable", "\(error)")),
                status: .unprocessableContent)
        }
        guard table.rows.count <= Self.uploadRowLimit else {
            return await uploadResponse(
                visit, contract: contract, results: alert(text("upload.tooMany", String(Self.uploadRowLimit))),
                status: .contentTooLarge)
        }
        let check = ImportCheck(
            columns: ImportColumns(contract: contract, text: text), text: text,
            intake: SubmissionIntake(catalog: portal.services.catalog, units: portal.services.units),
            credential: credential, unit: unit)
        let outcomes: [ImportCheck.Outcome]
        do {
            outcomes = try check.outcomes(table)
        } catch {
            return await uploadResponse(
                visit, contract: contract, results: alert(error.message), status: .unprocessableContent)
        }
        let failed = outcomes.filter { $0.request == nil }
        let mistakes = failed.html { outcome in
            outcome.mistakes.html { mistake in
                "<tr><td data-label=\"\(text["upload.row"])\">\(String(outcome.number))</td><td data-label=\"\(text["import.column"])\">\(mistake.column.isEmpty ? "—" : mistake.column)</td><td data-label=\"\(text["import.problem"])\">\(mistake.message)</td></tr>"
            }
        }
        let mistakeTable: HTML =
            failed.isEmpty
            ? .empty
            : """
            <table class="list" id="import-errors"><caption>\(text["import.errorsCaption"])</caption><thead><tr><th scope="col">\(text["upload.row"])</th>
            <th scope="col">\(text["import.column"])</th><th scope="col">\(text["import.problem"])</th></tr></thead><tbody>\(mistakes)</tbody></table>
            """
        let valid = outcomes.count - failed.count
        guard storing else {
            let confirm: HTML =
                valid == 0
                ? "<p>\(text["import.fixAll"])</p>"
                : """
                <p>\(text[failed.isEmpty ? "import.allGood" : "import.fixOrImport"])</p>
                <form method="post" action="/portal/forms/\(contract.ref.description)/import?_csrf=\(visit.csrfToken)" enctype="multipart/form-data">
                <input type="hidden" name="content" value="\(Data(file).base64EncodedString())">
                <button type="submit" class="primary" id="import-confirm">\(text("import.confirm", String(valid)))</button></form>
                """
            let results: HTML = """
                <section class="import-preview"><h2 id="import-summary" tabindex="-1">\(text("import.previewSummary", String(outcomes.count), String(valid), String(failed.count)))</h2>
                \(mistakeTable)\(confirm)</section>
                """
            return await uploadResponse(visit, contract: contract, results: results, status: .ok)
        }
        var stored: [HTML] = []
        var replayed = 0
        for outcome in outcomes {
            guard let request = outcome.request else { continue }
            let accepted = try await portal.services.accept(
                request, idempotencyKey: "import:" + request.digest, by: credential)
            if accepted.replayed { replayed += 1 }
            stored.append(
                """
                <tr><td data-label="\(text["upload.row"])">\(String(outcome.number))</td><td><span class="state state-delivered">\(text[accepted.replayed ? "upload.replayed" : "upload.stored"])</span></td>
                <td><a href="/portal/submissions/\(accepted.submission.id)">\(text["import.view"])</a></td></tr>
                """)
        }
        let results: HTML = """
            <section class="import-result"><h2 id="import-summary" tabindex="-1">\(text("import.storedSummary", String(outcomes.count), String(valid), String(replayed), String(failed.count)))</h2>
            <table class="list" id="import-stored"><thead><tr><th scope="col">\(text["upload.row"])</th><th scope="col">\(text["upload.outcome"])</th>
            <th scope="col">\(text["upload.detail"])</th></tr></thead><tbody>\(stored)</tbody></table>
            \(mistakeTable)\(failed.isEmpty ? HTML.empty : "<p>\(text["import.fixRest"])</p>")</section>
            """
        return await uploadResponse(visit, contract: contract, results: results, status: .ok)
    }

    private func alert(_ message: String) -> HTML {
        "<p class=\"alert\" role=\"alert\">\(message)</p>"
    }

    private func uploadResponse(_ visit: PortalVisit, contract: Contract, results: HTML, status: HTTPResponse.Status)
        async -> Response
    {
        let text = visit.text
        let base = "/portal/forms/\(contract.ref.description)"
        let columns = ImportColumns(contract: contract, text: text).columns.html { column in
            """
            <tr><th scope="row">\(column.title)</th><td data-label="\(text["import.required"])">\(text[column.isRequired ? "import.requiredYes" : "import.requiredNo"])</td>
            <td data-label="\(text["import.howTo"])">\(column.hint)</td><td data-label="\(text["import.options"])">\(column.optionList)</td></tr>
            """
        }
        let body: HTML = """
            <h1>\(text("upload.heading", contract.title))</h1>
            <p class="lead">\(text["upload.intro"])</p>
            <ol class="steps">
            <li>\(text["import.step1"]) <a class="button" id="template-xlsx" href="\(base)/template.xlsx" download>\(text["import.templateXlsx"])</a>
            <a class="button" id="template-csv" href="\(base)/template.csv" download>\(text["import.templateCsv"])</a></li>
            <li>\(text["import.step2"])</li><li>\(text["import.step3"])</li></ol>
            <details class="columns"><summary>\(text["upload.columns"])</summary><div class="table-scroll"><table class="list">
            <thead><tr><th scope="col">\(text["import.column"])</th><th scope="col">\(text["import.required"])</th><th scope="col">\(text["import.howTo"])</th>
            <th scope="col">\(text["import.options"])</th></tr></thead><tbody>\(columns)</tbody></table></div></details>
            <form method="post" action="\(base)/upload?_csrf=\(visit.csrfToken)" enctype="multipart/form-data" class="stack">
            <label for="file">\(text["upload.file"])</label>
            <input id="file" name="file" type="file" required accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv">
            <button type="submit" class="primary" id="upload-preview">\(text["upload.submit"])</button></form>
            \(results)
            """
        return await visit.page(text("upload.heading", contract.title), body, status: status)
    }
}
