import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Hummingbird

/// A subject's requests (admin only): `POST /v1/subjects/exports` answers everything Gridway holds
/// about one subject and where it went (see ``SubjectExporter``); `POST /v1/subjects/erasures` erases
/// it (see ``SubjectEraser``) and answers every place found and the upstream systems that received it.
/// The subject travels in the body, never in a URL that access logs keep.
struct SubjectRequestController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("subjects/exports", use: export)
        group.post("subjects/erasures", use: erase)
    }

    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let (credential, subject) = try await Self.subject(
            of: request, context: context, services: services, action: "exporting a subject's personal data")
        return try await Self.answering {
            try await SubjectExporter(store: services.store, catalog: services.catalog).export(
                element: subject.element, value: subject.value, grounds: subject.reason, by: credential.id,
                at: services.clock.date)
        }
    }

    @Sendable func erase(_ request: Request, context: Context) async throws -> Response {
        let (credential, subject) = try await Self.subject(
            of: request, context: context, services: services, action: "erasing a subject's personal data")
        return try await Self.answering {
            try await SubjectEraser(store: services.store, catalog: services.catalog).erase(
                element: subject.element, value: subject.value, grounds: subject.reason, by: credential.id,
                at: services.clock.date
            ).json
        }
    }

    /// The admin caller and the body's `element`, `value` and `reason`, each a non-empty string.
    private static func subject(of request: Request, context: Context, services: GridwayServices, action: String)
        async throws -> (Credential, (element: String, value: String, reason: String))
    {
        let credential = try context.requireCredential()
        guard credential.role == .admin else {
            throw Problem.adminOnly(credential, "\(action) is for operators")
        }
        let body = try await request.jsonBody(within: services.configuration)
        var violations: [Problem.Violation] = []
        func text(_ name: String) -> String {
            guard let value = body[name]?.stringValue, !value.allSatisfy(\.isWhitespace) else {
                violations.append(
                    Problem.Violation(instanceLocation: "/\(name)", message: "\(name) must be a non-empty string"))
                return ""
            }
            return value
        }
        let subject = (element: text("element"), value: text("value"), reason: text("reason"))
        guard violations.isEmpty else { throw Problem.invalidRequest(violations) }
        return (credential, subject)
    }

    /// `answer` as JSON; a subject that cannot be looked up is a problem at the field that says why.
    private static func answering(_ answer: () async throws -> JSONValue) async throws -> Response {
        do {
            return Response.json(try await answer())
        } catch let error as SubjectLookupError {
            let location = error == .blankValue ? "/value" : "/element"
            throw Problem.invalidRequest([Problem.Violation(instanceLocation: location, message: error.description)])
        }
    }
}
