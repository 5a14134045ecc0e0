import GRDB
import GridwayCore
import GridwayStore

/// The SQLite schema, as an append-only list of migrations (never edit one that has shipped).
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-foundation") { db in
            try db.create(table: CredentialRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("role", .text).notNull()
                table.column("unit", .text)
                table.column("target", .text)
                table.column("keyHash", .text).notNull().unique()
                table.column("createdAt", .integer).notNull()
                table.column("revokedAt", .integer)
            }
            try db.create(table: SubmissionRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("contract", .text).notNull()
                table.column("unit", .text).notNull()
                table.column("period", .text)
                table.column("data", .text).notNull()
                table.column("supersedes", .text)
                table.column("digest", .text).notNull()
                table.column("submittedBy", .text).notNull()
                table.column("idempotencyKey", .text).notNull()
                table.column("receivedAt", .integer).notNull()
                table.column("status", .text).notNull()
                table.column("supersededBy", .text)
                table.uniqueKey(["submittedBy", "idempotencyKey"])
            }
            try db.create(index: "submission_unit", on: SubmissionRecord.databaseTableName, columns: ["unit", "id"])
            try db.create(table: AuditRecord.databaseTableName) { table in
                table.primaryKey("sequence", .integer)
                table.column("atMillis", .integer).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("detail", .text).notNull()
                table.column("previousHash", .text).notNull()
                table.column("hash", .text).notNull()
            }
        }
        migrator.registerMigration("2026-11-deliveries") { db in
            try db.create(table: DeliveryRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("submissionID", .text).notNull().references(SubmissionRecord.databaseTableName)
                table.column("target", .text).notNull()
                table.column("state", .text).notNull()
                table.column("attempts", .integer).notNull()
                table.column("dueAt", .integer)
                table.column("lastError", .text)
                table.column("receipt", .text)
                table.column("correctsSubmission", .text)
                table.column("originalReceipt", .text)
                table.column("createdAt", .integer).notNull()
                table.column("deliveredAt", .integer)
            }
            try db.create(index: "delivery_due", on: DeliveryRecord.databaseTableName, columns: ["dueAt"])
            try db.create(index: "delivery_submission", on: DeliveryRecord.databaseTableName, columns: ["submissionID"])
            try db.create(
                index: "delivery_target_state", on: DeliveryRecord.databaseTableName, columns: ["target", "state"])
            try db.create(table: "target_state") { table in
                table.primaryKey("target", .text)
                table.column("paused", .boolean).notNull()
            }
            try db.create(table: "audit_head") { table in
                table.column("sequence", .integer).notNull()
                table.column("hash", .text).notNull()
            }
            try db.execute(
                sql: "INSERT INTO audit_head SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
        }
        migrator.registerMigration("2026-11-results") { db in
            try db.create(table: "result") { table in
                table.primaryKey("id", .text)
                table.column("kind", .text).notNull()
                table.column("title", .text).notNull()
                table.column("body", .text).notNull()
                table.column("data", .text)
                table.column("answers", .text).notNull()
                table.column("audienceScope", .text).notNull()
                table.column("audienceUnits", .text).notNull()
                table.column("expiresAt", .integer)
                table.column("digest", .text).notNull()
                table.column("sentBy", .text).notNull()
                table.column("idempotencyKey", .text).notNull()
                table.column("sentAt", .integer).notNull()
                table.column("addressedCount", .integer).notNull()
                table.uniqueKey(["sentBy", "idempotencyKey"])
            }
            try db.create(table: "result_address") { table in
                table.column("resultID", .text).notNull().references("result")
                table.column("unit", .text).notNull()
                table.column("scope", .text).notNull()
                table.primaryKey(["unit", "resultID"])
            }
            try db.create(table: "result_ack") { table in
                table.column("resultID", .text).notNull().references("result")
                table.column("unit", .text).notNull()
                table.column("acknowledgedAt", .integer).notNull()
                table.column("acknowledgedBy", .text).notNull()
                table.primaryKey(["resultID", "unit"])
            }
        }
        migrator.registerMigration("2026-11-aggregates") { db in
            try db.create(table: "aggregate", options: .withoutRowID) { table in
                table.column("contract", .text).notNull()
                table.column("period", .text).notNull()
                table.column("unit", .text).notNull()
                table.column("dimension", .text).notNull()
                table.column("dimensionValue", .text).notNull()
                table.column("measure", .text).notNull()
                table.column("submissions", .integer).notNull()
                table.column("valueCount", .integer).notNull()
                table.column("sum", .double).notNull()
                table.column("minValue", .double)
                table.column("maxValue", .double)
                table.primaryKey(["contract", "period", "unit", "dimension", "dimensionValue", "measure"])
            }
        }
        migrator.registerMigration("2026-11-result-tasks") { db in
            try db.alter(table: "result") { table in
                table.add(column: "taskContract", .text)
                table.add(column: "taskPeriod", .text)
                table.add(column: "taskDueAt", .integer)
            }
            try db.create(
                index: "submission_contract_period", on: "submission", columns: ["contract", "period", "unit"])
        }
        // Claims read a target's outstanding deliveries in due order: a partial index keeps that a range
        // scan however long the backlog, instead of sorting it on every claim.
        migrator.registerMigration("2026-11-delivery-claim-index") { db in
            try db.execute(
                sql: """
                    CREATE INDEX delivery_outstanding ON delivery(target, dueAt)
                    WHERE state IN ('pending', 'retrying', 'in-flight')
                    """)
        }
        // Results go down into legacy apps through the same outbox: a delivery now carries either a
        // submission or a result for one addressed unit. SQLite cannot relax NOT NULL in place, so the
        // table is rebuilt (foreign keys are checked once the migration ends). Reminders look up tasks
        // by due time.
        migrator.registerMigration("2026-11-result-deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delivery_new (
                        id TEXT PRIMARY KEY NOT NULL,
                        submissionID TEXT REFERENCES submission(id),
                        resultID TEXT REFERENCES result(id),
                        unit TEXT,
                        target TEXT NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        dueAt INTEGER,
                        lastError TEXT,
                        receipt TEXT,
                        correctsSubmission TEXT,
                        originalReceipt TEXT,
                        createdAt INTEGER NOT NULL,
                        deliveredAt INTEGER,
                        CHECK ((submissionID IS NOT NULL AND resultID IS NULL AND unit IS NULL)
                            OR (submissionID IS NULL AND resultID IS NOT NULL AND unit IS NOT NULL))
                    );
                    INSERT INTO delivery_new (id, submissionID, target, state, attempts, dueAt, lastError, receipt,
                                              correctsSubmission, originalReceipt, createdAt, deliveredAt)
                    SELECT id, submissionID, target, state, attempts, dueAt, lastError, receipt,
                           correctsSubmission, originalReceipt, createdAt, deliveredAt FROM delivery;
                    DROP TABLE delivery;
                    ALTER TABLE delivery_new RENAME TO delivery;
                    CREATE INDEX delivery_due ON delivery(dueAt);
                    CREATE INDEX delivery_submission ON delivery(submissionID);
                    CREATE INDEX delivery_result ON delivery(resultID);
                    CREATE INDEX delivery_target_state ON delivery(target, state);
                    CREATE INDEX delivery_outstanding ON delivery(target, dueAt)
                    WHERE state IN ('pending', 'retrying', 'in-flight');
                    CREATE INDEX result_task_due ON result(taskDueAt) WHERE taskDueAt IS NOT NULL;
                    """)
        }
        // The web portal's users (slow password hashes, lockout state) and sessions (token hashes only).
        migrator.registerMigration("2026-11-portal") { db in
            try db.create(table: "portal_user") { table in
                table.primaryKey("id", .text)
                table.column("username", .text).notNull().unique()
                table.column("displayName", .text).notNull()
                table.column("role", .text).notNull()
                table.column("unit", .text)
                table.column("passwordHash", .text).notNull()
                table.column("createdAt", .integer).notNull()
                table.column("disabledAt", .integer)
                table.column("failedAttempts", .integer).notNull()
                table.column("lockedUntil", .integer)
            }
            try db.create(table: "portal_session") { table in
                table.primaryKey("tokenHash", .text)
                table.column("credentialID", .text)
                table.column("userID", .text).references("portal_user", onDelete: .cascade)
                table.column("createdAt", .integer).notNull()
                table.column("expiresAt", .integer).notNull()
            }
        }
        // One aggregate row per (contract, period, unit, dimension, dimensionValue) holding every
        // measure's figures (AggregateMeasures' stored form) instead of one row per measure: a
        // submission writes a quarter of the rows. Existing rows are converted exactly (read in key
        // order, so each new row's measures are consecutive).
        migrator.registerMigration("2026-11-aggregate-measures-per-row") { db in
            try db.execute(
                sql: """
                    CREATE TABLE aggregate_new (
                        contract TEXT NOT NULL,
                        period TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        dimension TEXT NOT NULL,
                        dimensionValue TEXT NOT NULL,
                        figures BLOB NOT NULL,
                        PRIMARY KEY (contract, period, unit, dimension, dimensionValue)
                    ) WITHOUT ROWID
                    """)
            let insert = try db.makeStatement(sql: "INSERT INTO aggregate_new VALUES (?, ?, ?, ?, ?, ?)")
            var key: [String] = []
            var measures: [(measure: String, figures: AggregateFigures)] = []
            func writeRow() throws {
                guard !measures.isEmpty else { return }
                try insert.execute(arguments: StatementArguments(key) + [AggregateMeasures(measures).encoded])
                measures.removeAll()
            }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT contract, period, unit, dimension, dimensionValue, measure,
                           submissions, valueCount, sum, minValue, maxValue
                    FROM aggregate ORDER BY contract, period, unit, dimension, dimensionValue, measure
                    """)
            while let row = try rows.next() {
                let rowKey: [String] = [row[0], row[1], row[2], row[3], row[4]]
                if rowKey != key {
                    try writeRow()
                    key = rowKey
                }
                let measure: String = row[5]
                // The layout kept doubles: each becomes the nearest decimal. A figure that is not a
                // finite number is left out, for `gridway aggregates rebuild` to restore.
                let doubles: [Double?] = [row[8], row[9], row[10]]
                let decimals = doubles.map { $0.flatMap(ExactDecimal.init(approximating:)) }
                guard let sum = decimals[0], zip(doubles, decimals).allSatisfy({ ($0 == nil) == ($1 == nil) }) else {
                    continue
                }
                measures.append(
                    (
                        measure,
                        AggregateFigures(
                            submissions: row[6], values: row[7], sum: sum, min: decimals[1], max: decimals[2])
                    ))
            }
            try writeRow()
            try db.execute(sql: "DROP TABLE aggregate; ALTER TABLE aggregate_new RENAME TO aggregate")
        }
        // Sums and extremes become exact decimals: rows of doubles are rewritten with the nearest
        // decimal of nine places; a measure whose doubles are not finite (an unbounded value such as
        // 1.7e308 made them so) is left out, for `gridway aggregates rebuild` to restore.
        migrator.registerMigration("2026-12-exact-aggregates") { db in
            let key = "contract = ? AND period = ? AND unit = ? AND dimension = ? AND dimensionValue = ?"
            let update = try db.makeStatement(sql: "UPDATE aggregate SET figures = ? WHERE \(key)")
            let delete = try db.makeStatement(sql: "DELETE FROM aggregate WHERE \(key)")
            let rows = try Row.fetchAll(
                db, sql: "SELECT contract, period, unit, dimension, dimensionValue, figures FROM aggregate")
            for row in rows {
                let arguments: [String] = [row[0], row[1], row[2], row[3], row[4]]
                let measures = try AggregateMeasures(decoding: row[5], acceptingDoubles: true)
                if measures.isEmpty {
                    try delete.execute(arguments: StatementArguments(arguments))
                } else {
                    try update.execute(arguments: [measures.encoded] + StatementArguments(arguments))
                }
            }
        }
        // Sign-in failures are counted by the server's throttle, per client address, no longer on the
        // user's row: the lockout columns go.
        migrator.registerMigration("2026-12-portal-user-without-lockout") { db in
            try db.alter(table: "portal_user") { table in
                table.drop(column: "failedAttempts")
                table.drop(column: "lockedUntil")
            }
        }
        // Burden figures per contract, period and unit subtree, `*` standing for every contract or period.
        migrator.registerMigration("2026-12-burden") { db in
            try db.create(table: "burden", options: .withoutRowID) { table in
                table.column("contract", .text).notNull()
                table.column("period", .text).notNull()
                table.column("unit", .text).notNull()
                for figure in ["submissions", "fieldsTyped", "fieldsKept", "valuesDelivered", "formsReplaced"] {
                    table.column(figure, .integer).notNull()
                }
                table.primaryKey(["contract", "period", "unit"])
            }
        }
        // Each submission's stored subject key (SubmissionRequest.subjectKey; '' for none) and an index
        // on it, so a subject's earlier reports and the subjects of a subtree are found without
        // reading the reports. Existing rows keep NULL, "not yet known": the server fills them from the
        // contract catalog the store does not know (SubjectStore.fillSubjectKeys).
        migrator.registerMigration("2026-12-submission-subject-key") { db in
            try db.alter(table: "submission") { table in table.add(column: "subjectKey", .text) }
            try db.execute(sql: "CREATE INDEX submission_subject ON submission(subjectKey, id DESC)")
        }
        // When each submission's personal fields were erased (NULL while it holds them), and an index
        // the retention job reads: a contract's submissions still holding personal data, by period.
        migrator.registerMigration("2026-12-submission-erased-at") { db in
            try db.alter(table: "submission") { table in table.add(column: "erasedAt", .integer) }
            try db.execute(
                sql:
                    "CREATE INDEX submission_personal ON submission(contract, period, receivedAt) WHERE erasedAt IS NULL"
            )
        }
        // Each delivery's order key (Delivery.orderKey): deliveries to a target sharing one go out oldest
        // first, one at a time. The index finds an earlier one still outstanding. Deliveries made before
        // keep NULL and wait for none.
        migrator.registerMigration("2026-12-delivery-order-key") { db in
            try db.alter(table: DeliveryRecord.databaseTableName) { table in table.add(column: "orderKey", .text) }
            try db.execute(
                sql: """
                    CREATE INDEX delivery_order ON delivery(target, orderKey, id)
                    WHERE orderKey IS NOT NULL AND state IN ('pending', 'retrying', 'in-flight')
                    """)
        }
        // When each delivery's report is due at its target (Delivery.deadline), and when notice was given
        // that it missed or is about to miss it; the index finds the ones with a deadline not delivered.
        migrator.registerMigration("2026-12-delivery-deadline") { db in
            try db.alter(table: DeliveryRecord.databaseTableName) { table in
                table.add(column: "deadlineAt", .integer)
                table.add(column: "deadlineNoticeAt", .integer)
            }
            try db.execute(
                sql: """
                    CREATE INDEX delivery_deadline ON delivery(deadlineAt)
                    WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled')
                    """)
        }
        return migrator
    }
}
