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
        try ResultRow(
            id: try row.value("id"), kind: try row.value("kind"), title: try row.value("title"),
            body: try row.value("body"), data: try row.value("data"), answers: try row.value("answers"),
            audienceScope: try row.value("audiencescope"), audienceUnits: try row.value("audienceunits"),
            expiresAt: try row.value("expiresat"), digest: try row.value("digest"), sentBy: try row.value("sentby"),
            idempotencyKey: try row.value("idempotencykey"), sentAt: try row.value("sentat"),
            addressedCount: try row.value("addressedcount"), taskContract: try row.value("taskcontract"),
            taskPeriod: try row.value("taskperiod"), taskDueAt: try row.value("taskdueat")
        ).result()
    }
}
