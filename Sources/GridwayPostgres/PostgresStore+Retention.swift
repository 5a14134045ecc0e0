import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func submissionsHoldingPersonalData(
        of contract: ContractRef, pastRetention cutoff: RetentionCutoff, limit: Int
    ) async throws -> [Submission] {
        let contractName = contract.description
        let limit = max(1, limit)
        let query: PostgresQuery =
            switch cutoff {
            case .periodsThrough(let period):
                """
                SELECT * FROM submission WHERE contract = \(contractName) AND erasedAt IS NULL AND period COLLATE "C" <= \(period)
                ORDER BY period COLLATE "C", id LIMIT \(limit)
                """
            case .receivedBefore(let instant):
                """
                SELECT * FROM submission
                WHERE contract = \(contractName) AND erasedAt IS NULL AND receivedAt < \(EpochMilliseconds.of(instant))
                ORDER BY id LIMIT \(limit)
                """
            }
        return try await read { connection in
            try await connection.rows(query, logger: logger).map(Self.submission(from:))
        }
    }

    public func oldestPersonalData(of contract: ContractRef) async throws -> Date? {
        let contractName = contract.description
        return try await read { connection in
            try await connection.row(
                """
                SELECT MIN(receivedAt) AS oldest FROM submission WHERE contract = \(contractName) AND erasedAt IS NULL
                """, logger: logger
            )?.value("oldest", as: Int64?.self).map(EpochMilliseconds.date)
        }
    }

    public func erasePersonalData(_ erasures: [PersonalDataErasure], by actor: String, at now: Date) async throws
        -> [String]
    {
        try await audited { connection, audit in
            var erased: [String] = []
            for erasure in erasures {
                let updated = try await connection.row(
                    """
                    UPDATE submission SET data = \(erasure.data.serializedString()), subjectKey = '',
                                          erasedAt = \(EpochMilliseconds.of(now))
                    WHERE id = \(erasure.submissionID) AND erasedAt IS NULL RETURNING id
                    """, logger: logger)
                guard updated != nil else { continue }
                try await connection.run(
                    """
                    UPDATE delivery SET lastError = NULL, orderKey = NULL
                    WHERE submissionID = \(erasure.submissionID) AND (lastError IS NOT NULL OR orderKey IS NOT NULL)
                    """, logger: logger)
                audit.append(.personalDataErased(erasure), by: actor, at: now)
                erased.append(erasure.submissionID)
            }
            return erased
        }
    }
}
