import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird
import OrderedCollections

/// `GET /v1/aggregates?contract=&unit=&period=&by=child|<dimension>`: the rolled-up figures of a
/// unit's subtree, read from the maintained rollups in one keyed lookup per unit shown.
struct AggregateController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("aggregates", use: show)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let query = try AggregateQuery(
            request.uri.queryParameters, catalog: services.catalog, units: services.units, credential: credential)
        let store = services.store
        let reference = query.contract.ref
        let totals = try await store.aggregates(
            contract: reference, period: query.period, units: [query.unit.code], dimension: nil)
        var body: [(String, JSONValue)] = [
            ("contract", .string(reference.description)), ("unit", .string(query.unit.code)),
            ("period", query.period.map(JSONValue.string) ?? .null),
            ("totals", Self.figures(totals, of: query.contract)),
        ]
        switch query.breakdown {
        case nil:
            break
        case .child:
            let children = services.units.children(of: query.unit.code)
            let rows = try await store.aggregates(
                contract: reference, period: query.period, units: children.map(\.code), dimension: nil)
            let byUnit = Dictionary(grouping: rows, by: \.key.unit)
            body.append(("by", "child"))
            body.append(("own", Self.figures(try Self.own(totals, children: rows), of: query.contract)))
            body.append(
                (
                    "breakdown",
                    .array(
                        children.map { child in
                            Self.figures(
                                byUnit[child.code] ?? [], of: query.contract,
                                labelled: [("unit", .string(child.code)), ("name", .string(child.name))])
                        })
                ))
        case .dimension(let dimension):
            let rows = try await store.aggregates(
                contract: reference, period: query.period, units: [query.unit.code], dimension: dimension.name)
            var byValue: [String: [AggregateRow]] = [:]
            var order: [String] = []
            for row in rows {
                if byValue[row.key.cell.dimensionValue] == nil { order.append(row.key.cell.dimensionValue) }
                byValue[row.key.cell.dimensionValue, default: []].append(row)
            }
            body.append(("by", .string(dimension.name)))
            body.append(
                (
                    "breakdown",
                    .array(
                        order.map { value in
                            Self.figures(
                                byValue[value] ?? [], of: query.contract,
                                labelled: [("value", (try? JSONValue(parsing: value)) ?? .string(value))])
                        })
                ))
        }
        return .json(.object(.init(uniqueKeysWithValues: body)))
    }

    /// The figures of the reports filed at the unit itself: its subtree's figures minus its
    /// children's, measure by measure (see ``AggregateFigures/remainder(after:)``).
    static func own(_ totals: [AggregateRow], children: [AggregateRow]) throws -> [AggregateRow] {
        let byMeasure = Dictionary(grouping: children, by: \.key.cell.measure)
        return try totals.map { total in
            AggregateRow(
                key: total.key,
                figures: try total.figures.remainder(after: (byMeasure[total.key.cell.measure] ?? []).map(\.figures)))
        }
    }

    /// `{…labels, "submissions": n, "measures": {name: figure}}` for one cell's rows, every measure of
    /// the contract listed in order (`null` for a min, max or average without values).
    static func figures(_ rows: [AggregateRow], of contract: Contract, labelled labels: [(String, JSONValue)] = [])
        -> JSONValue
    {
        let byMeasure = Dictionary(
            rows.map { ($0.key.cell.measure, $0.figures) }, uniquingKeysWith: { first, _ in first })
        let measures = contract.measures.map { measure in
            (
                measure.name,
                (byMeasure[measure.name] ?? AggregateFigures()).value(for: measure.op)
            )
        }
        let submissions = rows.first?.figures.submissions ?? 0
        return .object(
            .init(
                uniqueKeysWithValues: labels + [
                    ("submissions", .integer(Int64(submissions))),
                    ("measures", .object(.init(uniqueKeysWithValues: measures))),
                ]))
    }
}
