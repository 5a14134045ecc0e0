import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore

extension SQLiteStore {
    public func submissionsHoldingPersonalData(
        of contract: ContractRef, pastRetention cutoff: RetentionCutoff, limit: Int
    ) async throws -> [Submission] {
        try await pool.read { db in
            var request = SubmissionRecord.filter(
                Column("contract") == contract.description && Column("erasedAt") == nil)
            switch cutoff {
            case .periodsThrough(let period):
                request = request.filter(Column("period") <= period).order(Column("period"), Column("id"))
            case .receivedBefore(let instant):
                request = request.filter(Column("receivedAt") < EpochMilliseconds.of(instant)).order(Column("id"))
            }
            return try request.limit(max(1, limit)).fetchAll(db).map { try $0.submission() }
        }
    }

    public func oldestPersonalData(of contract: ContractRef) async throws -> Date? {
        try await pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MIN(receivedAt) FROM submission WHERE contract = ? AND erasedAt IS NULL",
                arguments: [contract.description]
            ).map(EpochMilliseconds.date)
        }
    }

    public func erasePersonalData(_ erasures: [PersonalDataErasure], by actor: String, at now: Date) async throws
        -> [String]
    {
        try await pool.write { db in
            var audit = try AuditLog(db)
            var erased: [String] = []
            for erasure in erasures {
                try db.cachedStatement(
                    sql:
                        "UPDATE submission SET data = ?, subjectKey = '', erasedAt = ? WHERE id = ? AND erasedAt IS NULL"
                ).execute(arguments: [
                    erasure.data.serializedString(), EpochMilliseconds.of(now),
                    erasure.submissionID,
                ])
                guard db.changesCount == 1 else { continue }
                try db.cachedStatement(
                    sql: """
                        UPDATE delivery SET lastError = NULL, orderKey = NULL
                        WHERE submissionID = ? AND (lastError IS NOT NULL OR orderKey IS NOT NULL)
                        """
                ).execute(arguments: [erasure.submissionID])
                try audit.append(.personalDataErased(erasure), by: actor, at: now)
                erased.append(erasure.submissionID)
            }
            return erased
        }
    }
}
