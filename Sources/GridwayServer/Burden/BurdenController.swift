import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird
import OrderedCollections

/// `GET /v1/burden?unit=&period=&contract=&by=child`: the burden figures of a unit's subtree (every
/// contract and every period unless narrowed), read from the maintained rows in one keyed lookup per
/// unit shown, and scoped like the aggregates.
struct BurdenController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("burden", use: show)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let query = try BurdenQuery(
            request.uri.queryParameters, catalog: services.catalog, units: services.units, credential: credential)
        let children = query.byChild ? services.units.children(of: query.unit.code) : []
        let figures = try await services.store.burden(
            contract: query.contract ?? BurdenRowKey.all, period: query.period ?? BurdenRowKey.all,
            units: [query.unit.code] + children.map(\.code))
        var body: [(String, JSONValue)] = [
            ("unit", .string(query.unit.code)), ("contract", query.contract.map(JSONValue.string) ?? .null),
            ("period", query.period.map(JSONValue.string) ?? .null),
            ("totals", Self.json(figures[query.unit.code] ?? BurdenFigures())),
        ]
        if query.byChild {
            body.append(("by", "child"))
            body.append(
                (
                    "breakdown",
                    .array(
                        children.map {
                            Self.json(
                                figures[$0.code] ?? BurdenFigures(),
                                labelled: [("unit", .string($0.code)), ("name", .string($0.name))])
                        })
                ))
        }
        return .json(.object(.init(uniqueKeysWithValues: body)))
    }

    /// `{…labels, "submissions": n, "fieldsTyped": n, "fieldsKept": n, "valuesDelivered": n, "formsReplaced": n}`.
    static func json(_ figures: BurdenFigures, labelled labels: [(String, JSONValue)] = []) -> JSONValue {
        .object(
            .init(
                uniqueKeysWithValues: labels + [
                    ("submissions", .integer(figures.submissions)), ("fieldsTyped", .integer(figures.fieldsTyped)),
                    ("fieldsKept", .integer(figures.fieldsKept)),
                    ("valuesDelivered", .integer(figures.valuesDelivered)),
                    ("formsReplaced", .integer(figures.formsReplaced)),
                ]))
    }
}
