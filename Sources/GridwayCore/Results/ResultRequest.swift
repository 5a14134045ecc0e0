import Foundation
import GridwayJSON
import OrderedCollections

/// A result an upper level sends down, validated, before it is stored.
public struct ResultRequest: Sendable, Hashable {
    /// What kind of result it is.
    public var kind: ResultKind
    /// A short title.
    public var title: String
    /// The text itself.
    public var body: String
    /// Optional structured data.
    public var data: JSONValue?
    /// Ids of the submissions it answers.
    public var answers: [String]
    /// Who it is for.
    public var audience: ResultAudience
    /// When it stops being shown, if ever.
    public var expiresAt: Date?
    /// What a `task` asks for; present exactly for tasks.
    public var task: ResultTask?

    /// Creates a request.
    public init(
        kind: ResultKind, title: String, body: String, data: JSONValue? = nil, answers: [String] = [],
        audience: ResultAudience, expiresAt: Date? = nil, task: ResultTask? = nil
    ) {
        self.kind = kind
        self.title = title
        self.body = body
        self.data = data
        self.answers = answers
        self.audience = audience
        self.expiresAt = expiresAt
        self.task = task
    }

    private static let members: Set<String> = [
        "kind", "title", "body", "data", "answers", "audience", "expiresAt", "task",
    ]

    /// Reads a request body: `{kind, title, body, data?, answers?, audience, expiresAt?, task?}`, where
    /// `task` (`{contract, period, dueAt}`) is required for, and only allowed on, kind `task`.
    ///
    /// Checks the shape only (every audience unit must still be checked against the org-unit tree
    /// and the sender's jurisdiction).
    /// - Throws: ``ResultRequestError`` with every violation found, each at its JSON Pointer.
    public init(json document: JSONValue) throws(ResultRequestError) {
        guard case .object(let envelope) = document else {
            throw ResultRequestError(violations: [
                .init(location: .root, message: "the body must be a JSON object, not \(document.typeName)")
            ])
        }
        var violations = envelope.keys.filter { !Self.members.contains($0) }.map {
            ResultViolation(location: JSONPointer(tokens: [$0]), message: "unknown member \"\($0)\"")
        }
        func text(_ name: String, required: Bool, maxLength: Int) -> String? {
            let location = JSONPointer(tokens: [name])
            switch envelope[name] {
            case .string(let value)?:
                if value.allSatisfy(\.isWhitespace) {
                    violations.append(.init(location: location, message: "\"\(name)\" must not be blank"))
                } else if value.count > maxLength {
                    violations.append(
                        .init(location: location, message: "\"\(name)\" is longer than \(maxLength) characters"))
                } else {
                    return value
                }
            case nil, .null?:
                if required { violations.append(.init(location: location, message: "\"\(name)\" is required")) }
            case let other?:
                violations.append(
                    .init(location: location, message: "\"\(name)\" must be a string, not \(other.typeName)"))
            }
            return nil
        }
        let kindName = text("kind", required: true, maxLength: 32)
        let kind = kindName.flatMap(ResultKind.init(rawValue:))
        if let kindName, kind == nil {
            let kinds = ResultKind.allCases.map(\.rawValue).joined(separator: ", ")
            violations.append(
                .init(
                    location: JSONPointer(tokens: ["kind"]),
                    message: "unknown kind \"\(kindName)\"; expected one of \(kinds)"))
        }
        let title = text("title", required: true, maxLength: 200)
        let body = text("body", required: true, maxLength: 20_000)
        let answers = Self.answers(envelope["answers"], violations: &violations)
        let audience = Self.audience(envelope["audience"], violations: &violations)
        var expiresAt: Date?
        if let written = text("expiresAt", required: false, maxLength: 64) {
            expiresAt = try? Date(written, strategy: .iso8601)
            if expiresAt == nil {
                violations.append(
                    .init(
                        location: JSONPointer(tokens: ["expiresAt"]),
                        message: "\"\(written)\" is not an RFC 3339 timestamp"))
            }
        }
        var task: ResultTask?
        let taskLocation = JSONPointer(tokens: ["task"])
        switch (envelope["task"], kind) {
        case (nil, .task?), (.null?, .task?):
            violations.append(
                .init(location: taskLocation, message: "a task needs \"task\": {contract, period, dueAt}"))
        case (let value?, .task?):
            task = ResultTask.read(value, at: taskLocation, violations: &violations)
        case (let value?, _) where value != .null:
            violations.append(.init(location: taskLocation, message: "only a result of kind task has \"task\""))
        default:
            break
        }
        guard violations.isEmpty, let kind, let title, let body, let audience else {
            throw ResultRequestError(violations: violations)
        }
        let data = envelope["data"].flatMap { $0 == .null ? nil : $0 }
        self.init(
            kind: kind, title: title, body: body, data: data, answers: answers, audience: audience,
            expiresAt: expiresAt,
            task: task)
    }

    private static func answers(_ value: JSONValue?, violations: inout [ResultViolation]) -> [String] {
        guard let value, value != .null else { return [] }
        guard case .array(let list) = value else {
            violations.append(
                .init(
                    location: JSONPointer(tokens: ["answers"]),
                    message: "\"answers\" must be an array of submission ids"))
            return []
        }
        return list.enumerated().compactMap { index, element in
            guard case .string(let id) = element, !id.isEmpty else {
                violations.append(
                    .init(
                        location: JSONPointer(tokens: ["answers", String(index)]), message: "expected a submission id"))
                return nil
            }
            return id
        }
    }

    private static func audience(_ value: JSONValue?, violations: inout [ResultViolation]) -> ResultAudience? {
        let location = JSONPointer(tokens: ["audience"])
        guard case .object(let audience)? = value else {
            let message = value == nil ? "\"audience\" is required" : "\"audience\" must be an object"
            violations.append(.init(location: location, message: message))
            return nil
        }
        let known: Set<String> = audience["units"] == nil ? ["unit", "scope"] : ["units"]
        let unknown = audience.keys.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            violations.append(
                contentsOf: unknown.map {
                    .init(
                        location: location.appending($0),
                        message: "unexpected member \"\($0)\"; write {\"unit\", \"scope\"} or {\"units\"}")
                })
            return nil
        }
        if let units = audience["units"] {
            guard case .array(let list) = units, !list.isEmpty else {
                violations.append(
                    .init(
                        location: location.appending("units"),
                        message: "\"units\" must be a non-empty array of unit codes"))
                return nil
            }
            var seen: Set<String> = []
            var codes: [String] = []
            for (index, element) in list.enumerated() {
                let at = location.appending("units").appending(String(index))
                guard case .string(let code) = element else {
                    violations.append(.init(location: at, message: "expected a unit code, not \(element.typeName)"))
                    continue
                }
                guard seen.insert(code).inserted else {
                    violations.append(.init(location: at, message: "unit \"\(code)\" is listed twice"))
                    continue
                }
                codes.append(code)
            }
            return codes.count == list.count ? .units(codes) : nil
        }
        guard case .string(let unit)? = audience["unit"] else {
            violations.append(.init(location: location.appending("unit"), message: "\"unit\" must be a unit code"))
            return nil
        }
        guard case .string(let scopeName)? = audience["scope"], let scope = ResultScope(rawValue: scopeName) else {
            violations.append(
                .init(location: location.appending("scope"), message: "\"scope\" must be \"unit\" or \"subtree\""))
            return nil
        }
        return .unit(unit, scope: scope)
    }

    /// The canonical payload (RFC 8785) whose SHA-256 is the result's digest.
    public var canonicalPayload: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "title": .string(title), "body": .string(body), "data": data ?? .null,
            "answers": .array(answers.map(JSONValue.string)), "audience": audience.json,
            "expiresAt": expiresAt.map { .integer(EpochMilliseconds.of($0)) } ?? .null, "task": task?.json ?? .null,
        ])
    }

    /// `sha256:` followed by the hex SHA-256 of the canonical payload.
    public var digest: String {
        "sha256:" + SHA256Hex.of(canonicalPayload.canonicalBytes())
    }
}
