import Foundation
import GridwayCore
import GridwayJSON
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
            id: id, name: try row.value("name"), role: decoded,
            createdAt: EpochMilliseconds.date(try row.value("createdat")),
            revokedAt: try row.value("revokedat", as: Int64?.self).map(EpochMilliseconds.date))
    }

    static func submission(from row: PostgresRandomAccessRow) throws -> Submission {
        let id: String = try row.value("id")
        do {
            let request = SubmissionRequest(
                contract: try ContractRef(parsing: try row.value("contract")), unit: try row.value("unit"),
                period: try row.value("period"), data: try JSONValue(parsing: try row.value("data", as: String.self)),
                supersedes: try row.value("supersedes"))
            let status: String = try row.value("status")
            guard let decodedStatus = SubmissionStatus(rawValue: status) else {
                throw StoreError.corruptRow(table: "submission", id: id, reason: "invalid status \(status)")
            }
            return Submission(
                id: id, request: request, digest: try row.value("digest"), submittedBy: try row.value("submittedby"),
                idempotencyKey: try row.value("idempotencykey"),
                receivedAt: EpochMilliseconds.date(try row.value("receivedat")), status: decodedStatus,
                supersededBy: try row.value("supersededby"),
                erasedAt: try row.value("erasedat", as: Int64?.self).map(EpochMilliseconds.date))
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
            nextAttemptAt: state.isOutstanding
                ? try row.value("dueat", as: Int64?.self).map(EpochMilliseconds.date) : nil,
            lastError: try row.value("lasterror"), receipt: try row.value("receipt"),
            correction: corrects.map {
                Delivery.Correction(originalSubmissionID: $0, originalReceipt: originalReceipt)
            }, orderKey: try row.value("orderkey", as: String?.self),
            deadline: try row.value("deadlineat", as: Int64?.self).map(EpochMilliseconds.date),
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
