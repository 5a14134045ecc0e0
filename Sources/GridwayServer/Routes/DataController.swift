import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// `GET /v1/data/{contract}?unit=&<field>=…`: the unified query across every fetch adapter of a contract.
///
/// Each source answers within the per-source timeout or is reported as timed out; a failing source
/// leaves a partial answer (200) with its status, never an error page.
/// An upstream key reads only contracts its target consumes, each record projected to the target's
/// grant (``ReportEntitlement``).
struct DataController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("data/{contract}", use: query)
    }

    @Sendable func query(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let text = try context.parameters.require("contract")
        guard let reference = try? ContractRef(parsing: text), let contract = services.catalog.contract(reference)
        else {
            throw Problem.notFound("no contract \(text) in the catalog (see GET /v1/contracts)")
        }
        let entitlement = ReportEntitlement(credential: credential, services: services)
        let query = try FetchRequest(request.uri.queryParameters, contract: contract, units: services.units)
            .query(for: entitlement, of: reference)
        let results = await FetchFanOut(services: services).results(for: query, of: contract)
        let records = results.flatMap { result in
            result.records.compactMap { record in
                entitlement.project(record, of: reference).map {
                    JSONValue.object(["source": .string(result.adapter), "data": $0])
                }
            }
        }
        return .json([
            "contract": .string(reference.description), "unit": .string(query.unit), "records": .array(records),
            "sources": .array(results.map(\.summary)),
        ])
    }
}
