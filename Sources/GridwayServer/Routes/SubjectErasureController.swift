import Foundation
import GridwayCore
import GridwayStore
import Hummingbird

/// `POST /v1/subjects/erasures` (admin only): erases what Gridway holds about one subject at its
/// request, see ``SubjectEraser``; answers with every place found and the upstream systems that
/// received it.
struct SubjectErasureController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("subjects/erasures", use: erase)
    }

    @Sendable func erase(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        guard credential.role == .admin else {
            throw Problem.adminOnly(credential, "erasing a subject's personal data is for operators")
        }
        let body = try await request.jsonBody(within: services.configuration)
        var violations: [Problem.Violation] = []
        func text(_ name: String) -> String {
            guard let value = body[name]?.stringValue, !value.allSatisfy(\.isWhitespace) else {
                violations.append(Problem.Violation(instanceLocation: "/\(name)", message: "\(name) must be a non-empty string"))
                return ""
            }
            return value
        }
        let element = text("element")
        let value = text("value")
        let reason = text("reason")
        guard violations.isEmpty else { throw Problem.invalidRequest(violations) }
        do {
            let report = try await SubjectEraser(store: services.store, catalog: services.catalog).erase(
                element: element, value: value, grounds: reason, by: credential.id, at: Date())
            return Response.json(report.json)
        } catch let error as SubjectErasureError {
            let location = error == .blankValue ? "/value" : "/element"
            throw Problem.invalidRequest([Problem.Violation(instanceLocation: location, message: error.description)])
        }
    }
}
