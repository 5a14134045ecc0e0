import GridwayCore
import GridwayStore
import Hummingbird

/// The query parameters of `GET /v1/submissions`, checked.
struct SubmissionListQuery {
    let query: SubmissionQuery

    init(_ parameters: Parameters, units: OrgUnitTree) throws(Problem) {
        var query = SubmissionQuery()
        if let unit = parameters.get("unit") {
            guard units.contains(unit) else { throw .invalidQuery("unit", "org unit \"\(unit)\" is not in the tree") }
            query.subtree = unit
        }
        if let contract = parameters.get("contract") {
            guard let reference = try? ContractRef(parsing: contract) else {
                throw .invalidQuery("contract", "\"\(contract)\" is not a contract reference like elderly-visit@1")
            }
            query.contract = reference
        }
        query.period = parameters.get("period")
        if let status = parameters.get("status") {
            guard let parsed = SubmissionStatus(rawValue: status) else {
                throw .invalidQuery(
                    "status", "expected one of \(SubmissionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = parsed
        }
        let paging = try ListPaging(parameters)
        query.before = paging.cursor
        if let limit = paging.limit { query.limit = limit }
        self.query = query
    }
}
