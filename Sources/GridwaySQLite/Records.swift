import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore

/// One row of `credential`. Instants are stored as epoch milliseconds.
struct CredentialRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "credential"

    var id: String
    var name: String
    var role: String
    var unit: String?
    var target: String?
    var keyHash: String
    var createdAt: Int64
    var revokedAt: Int64?

    init(_ credential: Credential, keyHash: String) {
        id = credential.id
        name = credential.name
        role = credential.role.name
        unit = credential.role.scopeRoot
        if case .upstream(let target, _) = credential.role { self.target = target }
        self.keyHash = keyHash
        createdAt = EpochMilliseconds.of(credential.createdAt)
        revokedAt = credential.revokedAt.map(EpochMilliseconds.of)
    }

    func credential() throws -> Credential {
        let decoded: CredentialRole =
            switch (role, unit, target) {
            case ("staff", let unit?, nil): .staff(unit: unit)
            case ("upstream", let unit?, let target?): .upstream(target: target, jurisdiction: unit)
            case ("admin", nil, nil): .admin
            default: throw StoreError.corruptRow(table: Self.databaseTableName, id: id, reason: "invalid role \(role)")
            }
        return Credential(
            id: id, name: name, role: decoded, createdAt: EpochMilliseconds.date(createdAt),
            revokedAt: revokedAt.map(EpochMilliseconds.date))
    }
}

/// One row of `submission`.
struct SubmissionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "submission"

    var id: String
    var contract: String
    var unit: String
    var period: String?
    var data: String
    var supersedes: String?
    var digest: String
    var submittedBy: String
    var idempotencyKey: String
    var receivedAt: Int64
    var status: String
    var supersededBy: String?
    var erasedAt: Int64?

    init(_ submission: Submission, serializedData: String) {
        id = submission.id
        contract = submission.request.contract.description
        unit = submission.request.unit
        period = submission.request.period
        data = serializedData
        supersedes = submission.request.supersedes
        digest = submission.digest
        submittedBy = submission.submittedBy
        idempotencyKey = submission.idempotencyKey
        receivedAt = EpochMilliseconds.of(submission.receivedAt)
        status = submission.status.rawValue
        supersededBy = submission.supersededBy
        erasedAt = submission.erasedAt.map(EpochMilliseconds.of)
    }

    func submission() throws -> Submission {
        do {
            let request = SubmissionRequest(
                contract: try ContractRef(parsing: contract), unit: unit, period: period,
                data: try JSONValue(parsing: data), supersedes: supersedes)
            guard let status = SubmissionStatus(rawValue: status) else {
                throw StoreError.corruptRow(table: Self.databaseTableName, id: id, reason: "invalid status \(status)")
            }
            return Submission(
                id: id, request: request, digest: digest, submittedBy: submittedBy, idempotencyKey: idempotencyKey,
                receivedAt: EpochMilliseconds.date(receivedAt), status: status, supersededBy: supersededBy,
                erasedAt: erasedAt.map(EpochMilliseconds.date))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptRow(table: Self.databaseTableName, id: id, reason: "\(error)")
        }
    }
}

/// One row of `audit`.
struct AuditRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit"

    var sequence: Int64
    var atMillis: Int64
    var actor: String
    var action: String
    var subject: String
    var detail: String
    var previousHash: String
    var hash: String

    init(_ entry: AuditEntry) {
        sequence = entry.sequence
        atMillis = EpochMilliseconds.of(entry.at)
        actor = entry.actor
        action = entry.action
        subject = entry.subject
        detail = entry.detail.serializedString(sortedKeys: true)
        previousHash = entry.previousHash
        hash = entry.hash
    }

    func entry() throws -> AuditEntry {
        let parsedDetail: JSONValue
        do {
            parsedDetail = try JSONValue(parsing: detail)
        } catch {
            throw StoreError.corruptRow(table: Self.databaseTableName, id: "\(sequence)", reason: "detail: \(error)")
        }
        return AuditEntry(
            sequence: sequence, at: EpochMilliseconds.date(atMillis), actor: actor, action: action,
            subject: subject, detail: parsedDetail, previousHash: previousHash, hash: hash)
    }
}

/// One row of `delivery`. `dueAt` is the next attempt's time while pending or retrying, and the
/// lease's expiry while in flight.
struct DeliveryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "delivery"

    var id: String
    var submissionID: String?
    var resultID: String?
    var unit: String?
    var target: String
    var state: String
    var attempts: Int
    var dueAt: Int64?
    var lastError: String?
    var receipt: String?
    var correctsSubmission: String?
    var originalReceipt: String?
    var orderKey: String?
    var deadlineAt: Int64?
    var createdAt: Int64
    var deliveredAt: Int64?

    init(_ delivery: Delivery) {
        id = delivery.id
        submissionID = delivery.subject.submissionID
        resultID = delivery.subject.resultID
        unit = delivery.subject.unit
        target = delivery.target
        state = delivery.state.rawValue
        attempts = delivery.attempts
        dueAt = delivery.nextAttemptAt.map(EpochMilliseconds.of)
        lastError = delivery.lastError
        receipt = delivery.receipt
        correctsSubmission = delivery.correction?.originalSubmissionID
        originalReceipt = delivery.correction?.originalReceipt
        orderKey = delivery.orderKey
        deadlineAt = delivery.deadline.map(EpochMilliseconds.of)
        createdAt = EpochMilliseconds.of(delivery.createdAt)
        deliveredAt = delivery.deliveredAt.map(EpochMilliseconds.of)
    }

    func delivery() throws -> Delivery {
        guard let state = DeliveryState(rawValue: state) else {
            throw StoreError.corruptRow(table: Self.databaseTableName, id: id, reason: "invalid state \(state)")
        }
        let subject: DeliverySubject
        switch (submissionID, resultID, unit) {
        case (let submission?, nil, nil): subject = .submission(submission)
        case (nil, let result?, let unit?): subject = .result(result, unit: unit)
        default:
            throw StoreError.corruptRow(
                table: Self.databaseTableName, id: id, reason: "neither a submission nor a result with its unit")
        }
        return Delivery(
            id: id, subject: subject, target: target, state: state, attempts: attempts,
            nextAttemptAt: state.isOutstanding ? dueAt.map(EpochMilliseconds.date) : nil, lastError: lastError,
            receipt: receipt,
            correction: correctsSubmission.map {
                Delivery.Correction(originalSubmissionID: $0, originalReceipt: originalReceipt)
            }, orderKey: orderKey, deadline: deadlineAt.map(EpochMilliseconds.date),
            createdAt: EpochMilliseconds.date(createdAt), deliveredAt: deliveredAt.map(EpochMilliseconds.date))
    }
}
