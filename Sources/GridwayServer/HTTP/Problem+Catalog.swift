import FoundationInternationalization
import GridwayCore
import GridwayJSON
import Hummingbird
import NIOHTTP1
import OrderedCollections

/// The problem types Gridway answers with, one constructor per type.
extension Problem {
    static func unauthenticated(_ detail: String) -> Problem {
        Problem(.unauthorized, .unauthenticated, title: "Authentication required", detail: detail)
    }

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, .outOfScope, title: "Outside the caller's scope", detail: detail)
    }

    static func adminOnly(_ credential: Credential, _ reason: String) -> Problem {
        Problem(
            .forbidden, .adminOnly, title: "Only an admin may do this",
            detail: "\(reason); this credential is \(credential.role.name)")
    }

    static func invalidQuery(_ parameter: String, _ message: String) -> Problem {
        Problem(
            .badRequest, .invalidQuery, title: "Invalid query parameter", detail: "\(parameter): \(message)",
            arguments: [parameter],
            extensions: ["parameter": .string(parameter)])
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, .notFound, title: "Not found", detail: detail)
    }

    static func malformedJSON(_ error: JSONParseError) -> Problem {
        Problem(
            .badRequest, .malformedJSON, title: "Request body is not valid JSON",
            detail: "\(error.reason) at line \(error.line), column \(error.column) (byte \(error.offset))",
            arguments: [String(error.line), String(error.column)],
            extensions: [
                "line": .integer(Int64(error.line)), "column": .integer(Int64(error.column)),
                "offset": .integer(Int64(error.offset)),
            ])
    }

    static func unsupportedMediaType(_ found: String?) -> Problem {
        Problem(
            .unsupportedMediaType, .unsupportedMediaType, title: "Unsupported content type",
            detail: "expected Content-Type application/json, got \(found.map { "\"\($0)\"" } ?? "none")",
            arguments: [found ?? "—"])
    }

    static func tooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge, .bodyTooLarge, title: "Request body too large",
            detail: "the request body exceeds the limit of \(limit) bytes", arguments: [String(limit)],
            extensions: ["limit": .integer(Int64(limit))])
    }

    static func missingIdempotencyKey() -> Problem {
        Problem(
            .badRequest, .idempotencyKeyMissing, title: "Idempotency-Key header required",
            detail: "send a unique Idempotency-Key header (1 to 255 printable ASCII characters) with this request")
    }

    static func invalidRequest(_ violations: [Violation]) -> Problem {
        Problem(
            .unprocessableContent, .invalidRequest, title: "Request is invalid",
            detail: violations.count == 1 ? violations[0].message : "\(violations.count) problems in the request",
            violations: violations)
    }

    static func unknownContract(_ reference: String, at location: String) -> Problem {
        Problem(
            .unprocessableContent, .unknownContract, title: "Unknown contract",
            detail: "no contract \"\(reference)\" is in the catalog (see GET /v1/contracts)", arguments: [reference],
            violations: [Violation(instanceLocation: location, message: "unknown contract \"\(reference)\"")])
    }

    static func unknownUnit(_ code: String, at location: String) -> Problem {
        Problem(
            .unprocessableContent, .unknownUnit, title: "Unknown org unit",
            detail: "org unit \"\(code)\" is not in the org-unit tree", arguments: [code],
            violations: [Violation(instanceLocation: location, message: "unknown org unit \"\(code)\"")])
    }

    static func invalidPeriod(_ message: String) -> Problem {
        Problem(
            .unprocessableContent, .invalidPeriod, title: "Period does not fit the contract",
            detail: message, violations: [Violation(instanceLocation: "/period", message: message)])
    }

    static func schemaViolation(contract: String, _ violations: [Violation]) -> Problem {
        Problem(
            .unprocessableContent, .schemaViolation, title: "Report does not match its contract",
            detail: "\(violations.count) violation\(violations.count == 1 ? "" : "s") of \(contract)",
            arguments: [String(violations.count)],
            violations: violations)
    }

    /// 422 for dates declaring `x-gridway-within-period` that fall outside the submission's period,
    /// naming each field (under `/data`), its value and the period with its first and last day.
    static func dateOutsidePeriod(_ period: Period, _ outside: [PeriodViolation]) -> Problem {
        let located = outside.map {
            PeriodViolation(field: JSONPointer(tokens: ["data"]).appending($0.field), period: period, value: $0.value)
        }
        return Problem(
            .unprocessableContent, .dateOutsidePeriod, title: "Date outside the report's period",
            detail: located.map(\.description).joined(separator: "; "),
            violations: zip(outside, located).map { violation, inData in
                let keyword = violation.field.tokens.flatMap { ["properties", $0] } + ["x-gridway-within-period"]
                return Violation(
                    instanceLocation: inData.field.description,
                    keywordLocation: JSONPointer(tokens: keyword).description,
                    message: inData.description)
            },
            extensions: [
                "period": .string(period.description), "periodStart": .string(period.start.description),
                "periodEnd": .string(period.end.description),
                "dates": .array(located.map { ["field": .string($0.field.description), "value": .string($0.value)] }),
            ])
    }

    static func idempotencyKeyReused(existing: String) -> Problem {
        Problem(
            .unprocessableContent, .idempotencyKeyReused, title: "Idempotency key reused with a different body",
            detail: "this Idempotency-Key was already used for submission \(existing) with a different payload",
            extensions: ["submission": .string(existing)])
    }

    static func idempotencyKeyInFlight() -> Problem {
        Problem(
            .conflict, .idempotencyKeyInFlight, title: "Request with this idempotency key is in progress",
            detail: "another request with this Idempotency-Key is still being processed; retry after it completes")
    }

    static func invalidCorrection(_ detail: String) -> Problem {
        Problem(
            .unprocessableContent, .invalidCorrection, title: "Correction cannot supersede that submission",
            detail: detail, violations: [Violation(instanceLocation: "/supersedes", message: detail)])
    }

    static func internalError() -> Problem {
        Problem(
            .internalServerError, .internalError, title: "Internal error",
            detail: "the server failed to process the request; the failure has been logged")
    }

    /// The store could not serve (disk full, I/O error, locked beyond the busy timeout, or the database
    /// server unreachable): nothing was stored.
    static func storageUnavailable(retryAfter seconds: Int) -> Problem {
        let detail =
            "the store cannot serve now (disk full, I/O error, locked, or the database unreachable); "
            + "nothing was stored; retry after \(seconds) s"
        var problem = Problem(
            .serviceUnavailable, .storageUnavailable, title: "Storage unavailable", detail: detail,
            arguments: [String(seconds)])
        problem.extensions["retryAfter"] = .integer(Int64(seconds))
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    static func signInBusy(retryAfter seconds: Int = 2) -> Problem {
        var problem = Problem(
            .serviceUnavailable, .signInBusy, title: "Too many sign-ins at once",
            detail: "too many password checks are running or waiting; retry after \(seconds) s",
            arguments: [String(seconds)])
        problem.extensions["retryAfter"] = .integer(Int64(seconds))
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    static func rateLimited(retryAfter wait: Duration, rate: Double) -> Problem {
        let seconds = max(
            1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
        var problem = Problem(
            .tooManyRequests, .rateLimited, title: "Too many requests",
            detail: "this credential may make \(rate.formatted()) requests a second; retry after \(seconds) s",
            arguments: [String(seconds)],
            extensions: ["retryAfter": .integer(Int64(seconds))])
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    /// 414 for a target of `length` bytes, or of a length not known because it was not read to its end.
    static func uriTooLong(length: Int?, limit: Int) -> Problem {
        Problem(
            .uriTooLong, .uriTooLong, title: "Request target too long",
            detail: length.map { "the request target is \($0) bytes; the limit is \(limit)" }
                ?? "the request target is longer than the limit of \(limit) bytes",
            arguments: [String(limit)],
            extensions: ["limit": .integer(Int64(limit))])
    }

    /// 431 for a head whose header fields are too large or too many.
    static func headersTooLarge(limits: ServerLimits) -> Problem {
        Problem(
            .requestHeaderFieldsTooLarge, .headersTooLarge, title: "Request header fields too large",
            detail:
                "the header fields exceed the limit of \(limits.maxHeaderBytes) bytes or \(limits.maxHeaderFields) fields",
            extensions: [
                "maxHeaderBytes": .integer(Int64(limits.maxHeaderBytes)),
                "maxHeaderFields": .integer(Int64(limits.maxHeaderFields)),
            ])
    }

    /// 400 for a request that is not well-formed HTTP/1.1 (bad bytes in a header, broken chunked framing…).
    static func malformedRequest(_ error: HTTPParserError) -> Problem {
        Problem(
            .badRequest, .malformedRequest, title: "Malformed HTTP request",
            detail: "the request is not well-formed HTTP/1.1 (\(error))")
    }

    static func jsonTooComplex(_ error: JSONParseError, limits: ServerLimits) -> Problem {
        Problem(
            .badRequest, .jsonTooComplex, title: "Request body nests or repeats too much",
            detail: "\(error.reason) at line \(error.line), column \(error.column) (byte \(error.offset))",
            arguments: [String(error.line), String(error.column)],
            extensions: [
                "maxDepth": .integer(Int64(limits.maxJSONDepth)),
                "maxElements": .integer(Int64(limits.maxJSONElements)),
                "offset": .integer(Int64(error.offset)),
            ])
    }

    /// The problem for an error status the framework raised (an unknown route, a body over the limit…).
    static func httpStatus(_ status: HTTPResponse.Status, path: String) -> Problem {
        switch status {
        case .notFound: .notFound("no resource at \(path)")
        case .contentTooLarge:
            Problem(
                .contentTooLarge, .bodyTooLarge, title: "Request body too large",
                detail: "the request body is too large")
        default:
            Problem(
                status, .httpError, title: status.reasonPhrase, detail: status.reasonPhrase,
                arguments: [String(status.code)])
        }
    }
}
