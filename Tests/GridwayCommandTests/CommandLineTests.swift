import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(5))) struct CommandLineTests {
    private let contracts = GatewayProcess.repositoryRoot.appendingPathComponent("contracts")

    /// Writes `value` as a JSON file in a temporary directory.
    private func jsonFile(_ value: JSONValue, in directory: URL, named name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(value.serialized()).write(to: url)
        return url.path
    }

    @Test func keysAreCreatedListedAndRevokedAndARevokedKeyIsRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try await GatewayProcess.run([
            "keys", "create", "--role", "staff", "--unit", "210102001001", "--name", "北京街社区 网格员",
            "--data-directory", directory.path,
        ])
        #expect(created.status == 0)
        let secret = try #require(created.output.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("gw_") && secret.count == 46)
        let id = try #require(created.output.split(separator: " ").dropFirst().first.map(String.init))

        let listed = try await GatewayProcess.run(["keys", "list", "--data-directory", directory.path])
        #expect(listed.output.contains(id) && listed.output.contains("unit 210102001001"))
        #expect(!listed.output.contains(secret), "a listing must never show a secret")

        let server = try await GatewayProcess(dataDirectory: directory)
        #expect(server.adminKey == nil, "no admin key is created when keys already exist")
        let report = try visitReport(minutes: 30)
        #expect(
            try await server.send(
                "POST", "/v1/submissions", key: secret, headers: ["Idempotency-Key": "a"], body: report
            ).status == 202)
        #expect(try await GatewayProcess.run(["keys", "revoke", id, "--data-directory", directory.path]).status == 0)
        // The running server refuses the revoked key (within the two seconds it may remember it, which
        // CredentialLifetimeTests checks by a test clock; 60 s here is a limit for a loaded machine).
        let revokedAt = Date()
        var status = 0
        repeat {
            status = try await server.send(
                "POST", "/v1/submissions", key: secret, headers: ["Idempotency-Key": "b"], body: report
            ).status
            if status != 401 { try await Task.sleep(for: .milliseconds(200)) }
        } while status != 401 && Date().timeIntervalSince(revokedAt) < 60
        #expect(status == 401, "a revoked key still works")
        await server.terminate()
        #expect(server.exitStatus == 0, "SIGTERM shuts the server down cleanly")
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.output.contains("audit chain intact"), "\(verify.output)")
    }

    @Test func catalogOverlapPrintsTheReviewAsTables() async throws {
        let result = try await GatewayProcess.run(["catalog", "overlap", contracts.path])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Data elements collected by more than one contract: 2", "\(result.output)")
        #expect(lines.contains("person.phone  联系电话  elderly-visit@1      /elderPhone     person by person.idNumber"))
        #expect(lines.contains("                        grid-incident@1      /reporterPhone  event fact, never reused"))
        #expect(lines.contains("Fields referencing no data element: 0"))
        #expect(lines.contains("Shared elements collected without reusing each other's values: 1"))
    }

    @Test func keysForUnitsOutsideTheTreeAreRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await GatewayProcess.run([
            "keys", "create", "--role", "staff", "--unit", "999999", "--name", "x", "--data-directory", directory.path,
        ])
        #expect(result.status != 0)
    }

    @Test func upstreamKeysMustNameAConfiguredTarget() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func create(target: String) throws -> (status: Int32, errors: String) {
            let finished = try ChildProcess.run(
                GatewayProcess.executable,
                [
                    "keys", "create", "--role", "upstream", "--target", target, "--unit", "2101", "--name", "民政局",
                    "--data-directory", directory.path,
                ],
                environment: GatewayProcess.environment.merging(
                    [
                        "GRIDWAY_ADAPTERS_DIRECTORY": GatewayProcess.repositoryRoot.appendingPathComponent("adapters")
                            .path
                    ]
                ) { $1 }
            )
            return (finished.status, finished.errors)
        }
        let typo = try create(target: "civil-affairs-elderley")
        #expect(typo.status != 0)
        #expect(typo.errors.contains("no target \"civil-affairs-elderley\" is configured"), "\(typo.errors)")
        #expect(typo.errors.contains("civil-affairs-elderly"), "the error lists the configured targets: \(typo.errors)")
        #expect(try create(target: "district-office").status != 0)
        #expect(try create(target: "civil-affairs-elderly").status == 0)
        let listed = try await GatewayProcess.run(["keys", "list", "--data-directory", directory.path])
        #expect(
            listed.output.split(separator: "\n").count == 1, "only the configured target's key exists: \(listed.output)"
        )
    }

    @Test func retentionRunsOverTheShippedContractsAndSubjectErasureNeedsAnIdentifyingElement() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await GatewayProcess.run(["retention", "run", "--data-directory", directory.path])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("elderly-visit@1") && $0.contains("P3Y") }, "\(run.output)")
        #expect(!run.output.contains("population-change@1"), "no personal fields, nothing to erase")
        #expect(lines.last == "0 submissions erased")

        let erase = try await GatewayProcess.run([
            "subjects", "erase", "--element", "person.idNumber", "--value", "210102193805120025", "--reason", "PIPL-1",
            "--data-directory", directory.path,
        ])
        #expect(erase.status == 0)
        let report = try JSONValue(parsing: Array(erase.output.utf8))
        #expect(report["found"] == 0 && report["places"] == [])

        let unknown = try await GatewayProcess.run([
            "subjects", "erase", "--element", "person.phone", "--value", "13800000000", "--reason", "PIPL-2",
            "--data-directory", directory.path,
        ])
        #expect(unknown.status != 0)
    }

    /// `retention verify --value` fails while a subject's value is still stored, naming it masked;
    /// `subjects export` shows the report; the verification passes once the subject is erased.
    @Test func retentionVerifyFindsAValueUntilItsSubjectIsErased() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(server.adminKey)
        let report = try visitReport(minutes: 30)
        #expect(
            try await server.send(
                "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "v"], body: report
            )
            .status == 202)
        await server.terminate()
        let idNumber = "210102193805120025"
        #expect(report["data"]?["elderIdNumber"] == .string(idNumber))
        let verify = ["retention", "verify", "--value", idNumber, "--value", "王桂兰", "--data-directory", directory.path]

        let held = try await GatewayProcess.run(verify)
        #expect(held.status != 0)
        #expect(held.errors.contains("value 2\(String(repeating: "*", count: 16))5 is still in"), "\(held.errors)")
        #expect(held.errors.contains("value 王*兰 is still in"), "\(held.errors)")
        #expect(!(held.output + held.errors).contains(idNumber), "the value itself is never printed")

        let export = try await GatewayProcess.run([
            "subjects", "export", "--element", "person.idNumber", "--value", idNumber, "--reason", "PIPL-2",
            "--data-directory", directory.path,
        ])
        #expect(export.status == 0, "\(export.errors)")
        let reports = try JSONValue(parsing: Array(export.output.utf8))["reports"]?.arrayValue ?? []
        #expect(reports.map { $0["data"]?["elderIdNumber"] } == [.string(idNumber)], "\(export.output)")

        let erase = try await GatewayProcess.run([
            "subjects", "erase", "--element", "person.idNumber", "--value", idNumber, "--reason", "PIPL-3",
            "--data-directory", directory.path,
        ])
        #expect(try JSONValue(parsing: Array(erase.output.utf8))["found"] == 1, "\(erase.output)")
        let proven = try await GatewayProcess.run(verify)
        #expect(proven.status == 0, "\(proven.errors)")
        #expect(proven.output.contains("retention verified"), "\(proven.output)")
    }

    @Test func shippedContractsPassTheCheck() async throws {
        let result = try await GatewayProcess.run(["contract", "check", contracts.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func brokenContractFailsTheCheckWithItsLocation() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var contract = try JSONValue(
            parsing: Array(try Data(contentsOf: contracts.appendingPathComponent("elderly-visit@1.json"))))
        guard case .object(var members) = contract else { throw GatewayProcessError(reason: "not an object") }
        members["x-gridway-period"] = "fortnight"
        contract = .object(members)
        let path = try jsonFile(contract, in: directory, named: "elderly-visit@1.json")
        let result = try await GatewayProcess.run(["contract", "check", path])
        #expect(result.status != 0)
        #expect(result.output.contains("/x-gridway-period"), "\(result.output)")
    }

    @Test func validatePrintsBasicOutputAndFailsOnInvalidInstances() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let contract = try JSONValue(
            parsing: Array(try Data(contentsOf: contracts.appendingPathComponent("elderly-visit@1.json"))))
        let valid = try jsonFile(try #require(contract["examples"]?[0]), in: directory, named: "valid.json")
        let invalid = try jsonFile(
            try #require(contract["x-gridway-invalid-examples"]?[0]?["instance"]), in: directory, named: "invalid.json")
        let contractPath = contracts.appendingPathComponent("elderly-visit@1.json").path

        let good = try await GatewayProcess.run(["contract", "validate", contractPath, valid])
        #expect(good.status == 0, "\(good.output)")
        let bad = try await GatewayProcess.run(["contract", "validate", contractPath, valid, invalid])
        #expect(bad.status != 0)
        #expect(bad.output.contains("\"instanceLocation\" : \"/durationMinutes\""), "\(bad.output)")
        #expect(bad.output.contains("\"keywordLocation\""))
    }

    @Test func plainSchemaTreatsFormatAsAnAnnotationUnlessAsked() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = try jsonFile(
            ["$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "format": "date"],
            in: directory, named: "schema.json")
        let instance = try jsonFile("2026-13-45", in: directory, named: "instance.json")
        #expect(try await GatewayProcess.run(["contract", "validate", schema, instance]).status == 0)
        #expect(
            try await GatewayProcess.run(["contract", "validate", "--assert-format", schema, instance]).status != 0)
    }
}
