import Crypto
import GridwayCore
import Hummingbird
import OrderedCollections

/// CSV upload of many reports at once: every row goes through the one submission path on its own, and the
/// page lists each row's outcome; rows in error are not stored.
extension PortalController {
    /// The most rows one file may hold.
    static var uploadRowLimit: Int { 1000 }

    @Sendable func uploadPage(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        _ = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        return await uploadResponse(visit, contract: contract, results: .empty, status: .ok)
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let visit = PortalVisit(portal, request, context)
        let credential = try visit.requireCredential()
        let unit = try visit.staffUnit()
        let contract = try self.contract(context, visit)
        let form = try await visit.multipartForm()
        let text = visit.text
        let reader = CSVReportReader(contract: contract)
        guard let file = form.files["file"], !file.isEmpty else {
            return await uploadResponse(
                visit, contract: contract, results: "<p class=\"alert\" role=\"alert\">\(text["upload.noFile"])</p>",
                status: .unprocessableContent)
        }
        let rows: [CSVReportReader.Row]
        do {
            rows = try reader.rows(file)
        } catch {
            return await uploadResponse(
                visit, contract: contract, results: "<p class=\"alert\" role=\"alert\">\(text("upload.unreadable", "\(error)"))</p>",
                status: .unprocessableContent)
        }
        let unknown = reader.unknownColumns(in: rows)
        guard unknown.isEmpty else {
            return await uploadResponse(
                visit, contract: contract,
                results: "<p class=\"alert\" role=\"alert\">\(text("upload.unknownColumns", unknown.joined(separator: ", ")))</p>",
                status: .unprocessableContent)
        }
        guard rows.count <= Self.uploadRowLimit else {
            return await uploadResponse(
                visit, contract: contract,
                results: "<p class=\"alert\" role=\"alert\">\(text("upload.tooMany", String(Self.uploadRowLimit)))</p>",
                status: .contentTooLarge)
        }
        // Re-uploading the same file replays its rows instead of storing them twice.
        let fileDigest = SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
        let intake = SubmissionIntake(catalog: portal.services.catalog, units: portal.services.units)
        var accepted = 0
        var outcomes: [HTML] = []
        for row in rows {
            var envelope: OrderedDictionary<String, JSONValue> = [
                "contract": .string(contract.ref.description),
                "unit": .string(row.cells["unit"].flatMap { $0.isEmpty ? nil : $0 } ?? unit), "data": reader.data(of: row),
            ]
            if let period = row.cells["period"].flatMap({ $0.isEmpty ? nil : $0 }) ?? PortalPeriods.current(contract.periodType) {
                envelope["period"] = .string(period)
            }
            do {
                let submission = try intake.request(from: .object(envelope), for: credential)
                let stored = try await portal.services.accept(
                    submission, idempotencyKey: "csv:\(fileDigest):\(row.number)", by: credential)
                accepted += 1
                outcomes.append(
                    """
                    <tr class="ok"><td>\(row.number)</td><td><span class="state state-delivered">\(text[stored.replayed ? "upload.replayed" : "upload.stored"])</span></td>
                    <td><a href="/portal/submissions/\(stored.submission.id)">\(stored.submission.id)</a></td></tr>
                    """)
            } catch let problem as Problem {
                let errors = FieldErrors(problem.violations, text: text)
                let messages =
                    errors.paths.map { "\($0): \(errors.messages(at: $0).joined(separator: "；"))" }
                    + errors.messages(at: "_period").map { "period: \($0)" } + errors.general
                let list = (messages.isEmpty ? [problem.detail] : messages).html { "<li>\($0)</li>" }
                outcomes.append(
                    """
                    <tr class="failed"><td>\(row.number)</td><td><span class="state state-dead">\(text["upload.rejected"])</span></td>
                    <td><ul class="row-errors">\(list)</ul></td></tr>
                    """)
            }
        }
        let results: HTML = """
            <h2 id="upload-summary" tabindex="-1">\(text("upload.summary", String(rows.count), String(accepted), String(rows.count - accepted)))</h2>
            <table class="list" id="upload-results"><thead><tr><th scope="col">\(text["upload.row"])</th><th scope="col">\(text["upload.outcome"])</th>
            <th scope="col">\(text["upload.detail"])</th></tr></thead><tbody>\(outcomes)</tbody></table>
            """
        return await uploadResponse(visit, contract: contract, results: results, status: .ok)
    }

    private func uploadResponse(_ visit: PortalVisit, contract: Contract, results: HTML, status: HTTPResponse.Status)
        async -> Response
    {
        let text = visit.text
        let columns = CSVReportReader(contract: contract).columns.joined(separator: ",")
        let body: HTML = """
            <h1>\(text("upload.heading", contract.title))</h1>
            <p class="lead">\(text["upload.intro"])</p>
            <p>\(text["upload.columns"])</p><pre class="columns">\(columns)</pre>
            <form method="post" action="/portal/forms/\(contract.ref.description)/upload?_csrf=\(visit.csrfToken)" enctype="multipart/form-data" class="stack">
            <label for="file">\(text["upload.file"])</label><input id="file" name="file" type="file" accept=".csv,text/csv" required>
            <button type="submit" class="primary">\(text["upload.submit"])</button></form>
            \(results)
            """
        return await visit.page(text("upload.heading", contract.title), body, status: status)
    }
}
