import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, as an append-only list of versioned migrations (never edit one that has shipped).
///
/// Identifiers are written as in the SQLite schema and folded to lower case by PostgreSQL, so the same
/// SQL reads both. Ids, units, targets and the other columns listings sort by are `COLLATE "C"`: they
/// sort by their bytes as in SQLite (ids in time order) and a subtree is a prefix range of the unit
/// index, whatever the database's locale.
enum PostgresMigrations {
    /// Each migration's version and statements, oldest first.
    static let all: [(version: String, statements: [String])] = [
        (
            "2026-11-postgres",
            [
                """
                CREATE TABLE credential (
                    id text COLLATE "C" PRIMARY KEY, name text NOT NULL, role text NOT NULL, unit text, target text,
                    keyHash text NOT NULL UNIQUE, createdAt bigint NOT NULL, revokedAt bigint)
                """,
                """
                CREATE TABLE submission (
                    id text COLLATE "C" PRIMARY KEY, contract text NOT NULL, unit text COLLATE "C" NOT NULL, period text,
                    data text NOT NULL, supersedes text COLLATE "C", digest text NOT NULL, submittedBy text NOT NULL,
                    idempotencyKey text NOT NULL, receivedAt bigint NOT NULL, status text NOT NULL,
                    supersededBy text COLLATE "C", UNIQUE (submittedBy, idempotencyKey))
                """,
                "CREATE INDEX submission_unit ON submission (unit, id)",
                "CREATE INDEX submission_contract_period ON submission (contract, period, unit)",
                """
                CREATE TABLE audit (
                    sequence bigint PRIMARY KEY, atMillis bigint NOT NULL, actor text NOT NULL, action text NOT NULL,
                    subject text NOT NULL, detail text NOT NULL, previousHash text NOT NULL, hash text NOT NULL)
                """,
                // One row, locked by every audited transaction: the chain is appended by one writer at a time,
                // whichever replica it runs in. Sequence 0 means no entry yet.
                """
                CREATE TABLE audit_head (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), sequence bigint NOT NULL,
                    hash text NOT NULL)
                """,
                "INSERT INTO audit_head (sequence, hash) VALUES (0, '\(String(repeating: "0", count: 64))')",
                "CREATE TABLE target_state (target text COLLATE \"C\" PRIMARY KEY, paused boolean NOT NULL)",
                """
                CREATE TABLE result (
                    id text COLLATE "C" PRIMARY KEY, kind text NOT NULL, title text NOT NULL, body text NOT NULL,
                    data text, answers text NOT NULL, audienceScope text NOT NULL, audienceUnits text NOT NULL,
                    expiresAt bigint, digest text NOT NULL, sentBy text NOT NULL, idempotencyKey text NOT NULL,
                    sentAt bigint NOT NULL, addressedCount integer NOT NULL, taskContract text, taskPeriod text,
                    taskDueAt bigint, UNIQUE (sentBy, idempotencyKey))
                """,
                "CREATE INDEX result_task_due ON result (taskDueAt) WHERE taskDueAt IS NOT NULL",
                """
                CREATE TABLE delivery (
                    id text COLLATE "C" PRIMARY KEY, submissionID text COLLATE "C" REFERENCES submission (id),
                    resultID text COLLATE "C" REFERENCES result (id), unit text COLLATE "C",
                    target text COLLATE "C" NOT NULL, state text NOT NULL, attempts integer NOT NULL, dueAt bigint, lastError text,
                    receipt text, correctsSubmission text, originalReceipt text, createdAt bigint NOT NULL,
                    deliveredAt bigint,
                    CHECK ((submissionID IS NOT NULL AND resultID IS NULL AND unit IS NULL)
                        OR (submissionID IS NULL AND resultID IS NOT NULL AND unit IS NOT NULL)))
                """,
                "CREATE INDEX delivery_submission ON delivery (submissionID)",
                "CREATE INDEX delivery_result ON delivery (resultID)",
                "CREATE INDEX delivery_target_state ON delivery (target, state)",
                """
                CREATE INDEX delivery_outstanding ON delivery (target, dueAt)
                WHERE state IN ('pending', 'retrying', 'in-flight')
                """,
                """
                CREATE TABLE result_address (
                    resultID text COLLATE "C" NOT NULL REFERENCES result (id), unit text COLLATE "C" NOT NULL,
                    scope text NOT NULL, PRIMARY KEY (unit, resultID))
                """,
                """
                CREATE TABLE result_ack (
                    resultID text COLLATE "C" NOT NULL REFERENCES result (id), unit text COLLATE "C" NOT NULL,
                    acknowledgedAt bigint NOT NULL, acknowledgedBy text NOT NULL, PRIMARY KEY (resultID, unit))
                """,
                """
                CREATE TABLE aggregate (
                    contract text COLLATE "C" NOT NULL, period text COLLATE "C" NOT NULL, unit text COLLATE "C" NOT NULL,
                    dimension text COLLATE "C" NOT NULL, dimensionValue text COLLATE "C" NOT NULL,
                    measure text COLLATE "C" NOT NULL, submissions bigint NOT NULL,
                    valueCount bigint NOT NULL, sum double precision NOT NULL, minValue double precision,
                    maxValue double precision, PRIMARY KEY (contract, period, unit, dimension, dimensionValue, measure))
                """,
                // The web portal's users (slow password hashes, lockout state) and sessions (token hashes only).
                """
                CREATE TABLE portal_user (
                    id text COLLATE "C" PRIMARY KEY, username text COLLATE "C" NOT NULL UNIQUE, displayName text NOT NULL,
                    role text NOT NULL, unit text, passwordHash text NOT NULL, createdAt bigint NOT NULL,
                    disabledAt bigint, failedAttempts integer NOT NULL, lockedUntil bigint)
                """,
                """
                CREATE TABLE portal_session (
                    tokenHash text PRIMARY KEY, credentialID text,
                    userID text COLLATE "C" REFERENCES portal_user (id) ON DELETE CASCADE, createdAt bigint NOT NULL,
                    expiresAt bigint NOT NULL)
                """,
            ]
        ),
        (
            "2026-11-pending-audit-and-rollups",
            [
                // What writes record without locking the chain's head, one row per write (a group commit
                // of reports is one write): its audit entries, and its rollup increments, as arrays. Sealing
                // moves them, in id order, onto the chain and into `aggregate` under the head's lock, so
                // the rows a rollup touches are written once per seal, not once per write (see
                // PostgresAuditLog).
                """
                CREATE TABLE audit_pending (
                    id bigserial PRIMARY KEY, atMillis bigint[] NOT NULL, actor text[] NOT NULL, action text[] NOT NULL,
                    subject text[] NOT NULL, detail text[] NOT NULL)
                """,
                """
                CREATE TABLE aggregate_pending (
                    id bigserial PRIMARY KEY, contract text[] NOT NULL, period text[] NOT NULL, unit text[] NOT NULL,
                    dimension text[] NOT NULL, dimensionValue text[] NOT NULL, measure text[] NOT NULL,
                    submissions bigint[] NOT NULL, valueCount bigint[] NOT NULL, sum double precision[] NOT NULL,
                    minValue text[] NOT NULL, maxValue text[] NOT NULL)
                """,
            ]
        ),
        (
            // Sums and extremes as exact decimals (integers stay integers), as ExactDecimal holds them. The
            // doubles kept so far become the nearest decimal of at most nine places; one that is not finite
            // stays unreadable until `gridway aggregates rebuild` rewrites its row.
            "2026-12-exact-aggregates",
            [
                """
                ALTER TABLE aggregate ALTER COLUMN sum TYPE numeric USING round(sum::numeric, 9),
                                      ALTER COLUMN minValue TYPE numeric USING round(minValue::numeric, 9),
                                      ALTER COLUMN maxValue TYPE numeric USING round(maxValue::numeric, 9)
                """,
                "ALTER TABLE aggregate_pending ALTER COLUMN sum TYPE numeric[]",
                """
                UPDATE aggregate_pending SET
                    sum = (SELECT array_agg(round(x, 9) ORDER BY i) FROM unnest(sum) WITH ORDINALITY AS u(x, i)),
                    minValue = (SELECT array_agg(CASE WHEN x = '' THEN '' ELSE round(x::numeric, 9)::text END ORDER BY i)
                                FROM unnest(minValue) WITH ORDINALITY AS u(x, i)),
                    maxValue = (SELECT array_agg(CASE WHEN x = '' THEN '' ELSE round(x::numeric, 9)::text END ORDER BY i)
                                FROM unnest(maxValue) WITH ORDINALITY AS u(x, i))
                """,
            ]
        ),
        (
            // Sign-in failures are counted by the server's throttle, per client address, no longer on the
            // user's row. The lockout columns stay (a replica of the previous version still writes them
            // during a rolling upgrade) but need no value from this one.
            "2026-12-portal-user-without-lockout",
            ["ALTER TABLE portal_user ALTER COLUMN failedAttempts SET DEFAULT 0"]
        ),
        (
            // Burden figures per contract, period and unit subtree (`*` standing for every contract or
            // period), and their increments pending like the rollups' until a seal folds them in. New
            // tables only: a replica of the previous version never reads or writes them.
            "2026-12-burden",
            [
                """
                CREATE TABLE burden (
                    contract text COLLATE "C" NOT NULL, period text COLLATE "C" NOT NULL, unit text COLLATE "C" NOT NULL,
                    submissions bigint NOT NULL, fieldsTyped bigint NOT NULL, fieldsKept bigint NOT NULL,
                    valuesDelivered bigint NOT NULL, formsReplaced bigint NOT NULL, PRIMARY KEY (contract, period, unit))
                """,
                """
                CREATE TABLE burden_pending (
                    id bigserial PRIMARY KEY, contract text[] NOT NULL, period text[] NOT NULL, unit text[] NOT NULL,
                    submissions bigint[] NOT NULL, fieldsTyped bigint[] NOT NULL, fieldsKept bigint[] NOT NULL,
                    valuesDelivered bigint[] NOT NULL, formsReplaced bigint[] NOT NULL)
                """,
            ]
        ),
        (
            // Each submission's stored subject key (SubmissionRequest.subjectKey; '' for none) and an index
            // on it, so a subject's earlier reports and the subjects of a subtree are found without reading
            // the reports. The column is nullable without a default: adding it rewrites nothing, and a
            // replica of the previous version, which names its columns, keeps inserting (NULL, "not yet
            // known"). The server fills such rows from the contract catalog (SubjectStore.fillSubjectKeys).
            "2026-12-submission-subject-key",
            [
                "ALTER TABLE submission ADD COLUMN subjectKey text COLLATE \"C\"",
                "CREATE INDEX submission_subject ON submission (subjectKey, id DESC)",
            ]
        ),
        (
            // When each submission's personal fields were erased (NULL while it holds them), and an index
            // the retention job reads: a contract's submissions still holding personal data, by period
            // (compared byte by byte: the written forms of one period type sort chronologically as text).
            "2026-12-submission-erased-at",
            [
                "ALTER TABLE submission ADD COLUMN erasedAt bigint",
                """
                CREATE INDEX submission_personal ON submission (contract, period COLLATE "C", receivedAt)
                WHERE erasedAt IS NULL
                """,
            ]
        ),
        (
            // Each delivery's order key (Delivery.orderKey): deliveries to a target sharing one go out oldest
            // first, one at a time. The index finds an earlier one still outstanding. Deliveries made before
            // keep NULL and wait for none.
            "2026-12-delivery-order-key",
            [
                "ALTER TABLE delivery ADD COLUMN orderKey text COLLATE \"C\"",
                """
                CREATE INDEX delivery_order ON delivery (target, orderKey, id)
                WHERE orderKey IS NOT NULL AND state IN ('pending', 'retrying', 'in-flight')
                """,
            ]
        ),
        (
            // When each delivery's report is due at its target (Delivery.deadline), and when notice was given
            // that it missed or is about to miss it; the index finds the ones with a deadline not delivered.
            "2026-12-delivery-deadline",
            [
                "ALTER TABLE delivery ADD COLUMN deadlineAt bigint, ADD COLUMN deadlineNoticeAt bigint",
                """
                CREATE INDEX delivery_deadline ON delivery (deadlineAt)
                WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled')
                """,
            ]
        ),
    ]

    /// Applies the migrations not yet applied, each in its own transaction, while holding an advisory
    /// lock: of several replicas starting together, one migrates and the others wait, then find nothing to do.
    static func apply(on connection: PostgresConnection, schema: String?, logger: Logger) async throws {
        let lockKey = advisoryKey("gridway-migrations:" + (schema ?? ""))
        try await connection.run("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            if let schema {
                try await connection.run(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))"), logger: logger)
            }
            try await connection.run(
                "CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, appliedAt bigint NOT NULL)",
                logger: logger)
            let applied = Set(
                try await connection.rows("SELECT version FROM schema_migration", logger: logger).map {
                    try $0.value("version", as: String.self)
                })
            for migration in all where !applied.contains(migration.version) {
                try await connection.run("BEGIN", logger: logger)
                do {
                    for statement in migration.statements {
                        try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.run(
                        """
                        INSERT INTO schema_migration (version, appliedAt)
                        VALUES (\(migration.version), (extract(epoch FROM now()) * 1000)::bigint)
                        """, logger: logger)
                    try await connection.run("COMMIT", logger: logger)
                } catch {
                    try? await connection.run("ROLLBACK", logger: logger)
                    throw error
                }
                logger.info("applied PostgreSQL migration", metadata: ["version": "\(migration.version)"])
            }
        } catch {
            try? await connection.run("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.run("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A stable 64-bit advisory lock key for `name` (FNV-1a).
    static func advisoryKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
