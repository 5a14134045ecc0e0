import GridwayCore
import GridwayJSON
import Hummingbird

/// `GET /v1/catalog/overlap` (admin only): the 一数一源 review of the contract catalog, see
/// ``CatalogOverlap``; computed once, since the catalog does not change while the server runs.
struct CatalogOverlapController<Context: AuthenticatedRequestContext> {
    let overlap: JSONValue

    /// A controller reviewing `catalog`.
    init(catalog: ContractCatalog) {
        overlap = CatalogOverlap(catalog: catalog).json
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("catalog/overlap") { _, context in
            let credential = try context.requireCredential()
            guard credential.role == .admin else {
                throw Problem.adminOnly(credential, "the catalog review is for operators")
            }
            return Response.json(overlap)
        }
    }
}
