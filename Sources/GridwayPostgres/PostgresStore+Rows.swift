import Foundation
import GridwayCore
import GridwayStore
import PostgresNIO

/// Reading rows back into the domain's types; a row that does not fit is reported as corrupt.
extension PostgresStore {
    static func credential(from row: PostgresRandomAccessRow) throws -> Credential {
        let id: String = try row.value("id")
        let role: String = try row.value("role")
        let decoded: CredentialRole =
            switch (role, try row.value("unit", as: String?.self), try row.value("target", as: String?.self)) {
            case ("staff", let unit?, nil): .staff(unit: unit)
            case ("upstream", let unit?, let target?): .upstream(target: target, jurisdiction: unit)
            case ("admin", nil, nil): .admin
            default: throw StoreError.corruptRow(table: "credential", id: id, reason: "invalid role \(role)")
            }
        return Credential(
            id: id, name: try row.value("name"), role: decoded, createdAt: EpochMilliseconds.date(try row.value("createdat")),
            revokedAt: try row.value("revokedat", as: Int64?.self).map(EpochMilliseconds.date))
    }

    /// A submission from its row, or from the columns named `prefix` + column of a joined row (`id` given).
    static func submission(from row: PostgresRandomAccessRow, prefix: String = "", id: String? = nil) throws
        -> Submission
    {
        let id = try id ?? row.value("id")
        func column<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
            try row.value(prefix + name)
        }
        do {
            let request = SubmissionRequest(
                contract: try ContractRef(parsing: try column("contract")), unit: try column("unit"),
                period: try column("period"), data: try JSONValue(parsing: try column("data", as: String.self)),
                supersedes: try column("supersedes"))
            let status: String = try column("status")
            guard let decodedStatus = SubmissionStatus(rawValue: status) else {
                throw StoreError.corruptRow(table: "submission", id: id, reason: "invalid status \(status)")
            }
            return Submission(
                id: id, request: request, digest: try column("digest"), submittedBy: try column("submittedby"),
                idempotencyKey: try column("idempotencykey"),
                receivedAt: EpochMilliseconds.date(try column("receivedat")), status: decodedStatus,
                supersededBy: try column("supersededby"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptRow(table: "submission", id: id, reason: "\(error)")
        }
    }

    static func delivery(from row: PostgresRandomAccessRow) throws -> Delivery {
        let id: String = try row.value("id")
        let stateName: String = try row.value("state")
        guard let state = DeliveryState(rawValue: stateName) else {
            throw StoreError.corruptRow(table: "delivery", id: id, reason: "invalid state \(stateName)")
        }
        let corrects = try row.value("correctssubmission", as: String?.self)
        let originalReceipt = try row.value("originalreceipt", as: String?.self)
        let subject: DeliverySubject
        switch (
            try row.value("submissionid", as: String?.self), try row.value("resultid", as: String?.self),
            try row.value("unit", as: String?.self)
        ) {
        case (let submission?, nil, nil): subject = .submission(submission)
        case (nil, let result?, let unit?): subject = .result(result, unit: unit)
        default:
            throw StoreError.corruptRow(
                table: "delivery", id: id, reason: "neither a submission nor a result with its unit")
        }
        return Delivery(
            id: id, subject: subject, target: try row.value("target"), state: state,
            attempts: try row.value("attempts"),
            nextAttemptAt: state.isOutstanding ? try row.value("dueat", as: Int64?.self).map(EpochMilliseconds.date) : nil,
            lastError: try row.value("lasterror"), receipt: try row.value("receipt"),
            correction: corrects.map { Delivery.Correction(originalSubmissionID: $0, originalReceipt: originalReceipt) },
            createdAt: EpochMilliseconds.date(try row.value("createdat")),
            deliveredAt: try row.value("deliveredat", as: Int64?.self).map(EpochMilliseconds.date))
    }

    static func auditEntry(from row: PostgresRandomAccessRow) throws -> AuditEntry {
        let sequence: Int64 = try row.value("sequence")
        let detail: JSONValue
        do {
            detail = try JSONValue(parsing: try row.value("detail", as: String.self))
        } catch {
            throw StoreError.corruptRow(table: "audit", id: "\(sequence)", reason: "detail: \(error)")
        }
        return AuditEntry(
            sequence: sequence, at: EpochMilliseconds.date(try row.value("atmillis")), actor: try row.value("actor"),
            action: try row.value("action"), subject: try row.value("subject"), detail: detail,
            previousHash: try row.value("previoushash"), hash: try row.value("hash"))
    }

    static func result(from row: PostgresRandomAccessRow) throws -> PublishedResult {
        let id: String = try row.value("id")
        func corrupt(_ reason: String) -> StoreError { .corruptRow(table: "result", id: id, reason: reason) }
        func strings(_ column: String) throws -> [String] {
            guard let list = try? JSONValue(parsing: try row.value(column, as: String.self)).arrayValue else {
                throw corrupt("\(column) is not a JSON array")
            }
            return try list.map { element in
                guard let value = element.stringValue else { throw corrupt("\(column) holds a non-string") }
                return value
            }
        }
        guard let kind = ResultKind(rawValue: try row.value("kind")) else { throw corrupt("unknown kind") }
        let units = try strings("audienceunits")
        let audience: ResultAudience
        switch (try row.value("audiencescope", as: String.self), units.first) {
        case ("list", _): audience = .units(units)
        case (let scope, let unit?) where units.count == 1:
            guard let scope = ResultScope(rawValue: scope) else { throw corrupt("unknown audience scope \(scope)") }
            audience = .unit(unit, scope: scope)
        default: throw corrupt("audience without exactly one unit")
        }
        var data: JSONValue?
        if let text = try row.value("data", as: String?.self) {
            guard let parsed = try? JSONValue(parsing: text) else { throw corrupt("data is not JSON") }
            data = parsed
        }
        var task: ResultTask?
        if let contract = try row.value("taskcontract", as: String?.self) {
            guard let reference = try? ContractRef(parsing: contract),
                let period = try row.value("taskperiod", as: String?.self),
                let dueAt = try row.value("taskdueat", as: Int64?.self)
            else { throw corrupt("incomplete task") }
            task = ResultTask(contract: reference, period: period, dueAt: EpochMilliseconds.date(dueAt))
        }
        let request = ResultRequest(
            kind: kind, title: try row.value("title"), body: try row.value("body"), data: data,
            answers: try strings("answers"), audience: audience,
            expiresAt: try row.value("expiresat", as: Int64?.self).map(EpochMilliseconds.date), task: task)
        return PublishedResult(
            id: id, request: request, digest: try row.value("digest"), sentBy: try row.value("sentby"),
            idempotencyKey: try row.value("idempotencykey"), sentAt: EpochMilliseconds.date(try row.value("sentat")),
            addressedCount: try row.value("addressedcount"))
    }
}
