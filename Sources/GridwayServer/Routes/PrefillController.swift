import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird
import OrderedCollections

/// `GET /v1/prefill?contract=&unit=[&subject=][&<field>=…]`: prefill by subject, so one person's
/// facts are never filled next to another's.
///
/// Without `subject` it answers the **candidate subjects** the worker can pick from (paged with
/// `cursor` and `limit`, in key order): those the contract's fetch adapters return in the unit's
/// subtree, and those of earlier accepted submissions there of any contract about the same kind of
/// subject, deduplicated by subject key, each with a masked label and where it was seen.
///
/// With `subject=<key>` it answers the **subject facts** of that subject only (see
/// ``SubjectPrefill/facts(of:fetched:fetchedAt:)``), each with its source; values the sources
/// disagree on come back as conflicts. Event facts are never prefilled.
///
/// The answer's `token` (a ``PrefillToken``) records what was offered for that subject; a submission
/// sends it back in its `Prefill-Token` header so burden accounting knows which values the worker kept.
///
/// A contract whose reports are about the unit itself or one-off events has no subject to pick:
/// its answer is empty. An upstream key reads it as ``ReportEntitlement`` allows: only for a
/// contract its target consumes, from submissions delivered to its target, every value projected
/// to the target's grant; a contract whose key field its grant withholds is 403.
struct PrefillController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("prefill", use: prefill)
    }

    @Sendable func prefill(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let parameters = request.uri.queryParameters
        guard let text = parameters.get("contract") else {
            throw Problem.invalidQuery("contract", "the contract to prefill, like elderly-visit@1, is required")
        }
        guard let reference = try? ContractRef(parsing: text), let contract = services.catalog.contract(reference)
        else {
            throw Problem.invalidQuery("contract", "no contract \"\(text)\" in the catalog (see GET /v1/contracts)")
        }
        let entitlement = ReportEntitlement(credential: credential, services: services)
        var query = try FetchRequest(
            parameters, contract: contract, units: services.units, reserved: ["contract", "subject", "cursor", "limit"]
        ).query(for: entitlement, of: reference)
        let key = parameters.get("subject")
        if let key, key.allSatisfy(\.isWhitespace) {
            throw Problem.invalidQuery("subject", "expected the key of a subject, as the candidates list gives it")
        }
        var answer: OrderedDictionary<String, JSONValue> = [
            "contract": .string(reference.description), "unit": .string(query.unit),
        ]
        guard let subject = contract.subject, !subject.key.isEmpty else {
            // Reports about the unit itself or about one-off events: no subject to pick, nothing prefilled.
            if let key {
                answer["subject"] = .string(key)
                answer["fields"] = []
                answer["conflicts"] = []
            } else {
                answer["candidates"] = []
            }
            answer["sources"] = []
            return .json(.object(answer))
        }
        let prefill = SubjectPrefill(
            services: services, entitlement: entitlement, contract: contract, subject: subject, unit: query.unit)
        if let field = subject.key.first(where: { !prefill.isReadable($0.pointer, of: reference) }) {
            throw Problem.forbidden(
                "the subject's key field \(field.pointer) of \(reference) is not granted to this credential")
        }
        try await SubjectKeyBackfill(services: services, logger: context.logger).fill()
        if let key {
            if let only = subject.key.first, subject.key.count == 1, only.pointer.tokens.count == 1,
                query.parameters[only.pointer.tokens[0]] == nil
            {
                query.parameters[only.pointer.tokens[0]] = key  // lets an adapter that filters send less
            }
            let fetchedAt = services.clock.date
            let fetched = await FetchFanOut(services: services).results(for: query, of: contract)
            let offer = try await prefill.facts(of: key, fetched: fetched, fetchedAt: fetchedAt)
            let (fields, conflicts) = offer.json
            answer["subject"] = .string(key)
            answer["fields"] = fields
            answer["conflicts"] = conflicts
            answer["sources"] = .array(fetched.map(\.summary))
            answer["token"] = .string(
                services.prefillTokens.issue(
                    contract: reference.description, unit: query.unit, subject: subject.storedKey(key), to: credential,
                    offering: offer.offeredFields.compactMap { pointer, value in
                        pointer.tokens.count == 1 ? (pointer.tokens[0], value) : nil
                    }))
        } else {
            let paging = try ListPaging(parameters, isCursor: { SubjectCursor(parsing: $0) != nil })
            let fetchedAt = services.clock.date
            let fetched = await FetchFanOut(services: services).results(for: query, of: contract)
            let page = try await prefill.candidates(
                fetched: fetched, fetchedAt: fetchedAt, after: paging.cursor.flatMap(SubjectCursor.init(parsing:))?.key,
                limit: paging.limit ?? 50)
            answer["candidates"] = .array(page.candidates.map(\.json))
            if let next = page.nextCursor { answer["nextCursor"] = .string(SubjectCursor(key: next).text) }
            answer["sources"] = .array(fetched.map(\.summary))
        }
        return .json(.object(answer))
    }
}
