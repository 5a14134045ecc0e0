import Foundation
import GridwayAdapters
import GridwayCore
import GridwayDelivery
import GridwayServer
import GridwayStandIns

/// The sandbox of `gridway sandbox` and `gridway demo`: a stand-in for every shipped adapter's
/// system, and the settings that point a Gridway's adapters at them — their URLs, the demo
/// credentials they check, and a Standard Webhooks signing secret per target (which the department
/// stand-ins verify too), taken from the environment or made for this run.
struct Sandbox: Sendable {
    /// The running systems, in the order printed and of their ports from a port base: those of
    /// civil-affairs-elderly, health-commission-visits, grid-management-centre, legacy-community-app,
    /// statistics-bureau-population, street-safety-legacy, fire-rescue-inspections and
    /// grid-ledger-python (from 9101, the adapters' default URLs).
    let systems: [SandboxSystem]
    /// The environment variables a Gridway needs to deliver to the systems: each adapter's settings
    /// and `GRIDWAY_SIGNING_SECRETS_<TARGET>`.
    let settings: [String: String]
    /// The signing-secret variables of ``settings`` taken from the environment, not made for this run.
    let givenSecrets: Set<String>

    /// Starts every system on `host`, at consecutive ports from `portBase` (0: each on any free
    /// port), with URLs naming `advertisedHost` when given (the name replicas reach `host` by).
    /// A target's signing secret is the first of `GRIDWAY_SIGNING_SECRETS_<TARGET>` in `environment`,
    /// or a fresh one.
    static func start(
        host: String = "127.0.0.1", portBase: Int = 0, advertisedHost: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Sandbox {
        var settings: [String: String] = [:]
        var givenSecrets: Set<String> = []
        var systems: [SandboxSystem] = []
        /// The signing secret for `target`, set where the dispatcher reads it.
        func signingSecret(_ target: String) throws -> DemoCredential {
            let variable = "GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")
            if let given = GridwayConfiguration().targetSettings(for: target, environment: environment)
                .signingSecrets.first, let value = environment[variable]
            {
                do {
                    _ = try WebhookSigner(secrets: [given])
                } catch {
                    throw SandboxError(reason: "\(variable): \(error)")
                }
                settings[variable] = value
                givenSecrets.insert(variable)
                return .webhookSignature(secret: given)
            }
            let secret = "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            settings[variable] = secret
            return .webhookSignature(secret: secret)
        }
        /// Starts `standIn` for `adapter` at the next port and sets the adapter's settings from its base URL.
        func add<S: StandIn>(
            _ standIn: S, for adapter: String, speaks: String, format: BodyFormat,
            settings adapterSettings: (String) -> [String: String]
        ) async throws {
            let system = try await SandboxSystem.start(
                standIn, adapter: adapter, speaks: speaks, format: format, host: host,
                port: portBase == 0 ? 0 : portBase + systems.count, advertisedHost: advertisedHost)
            systems.append(system)
            settings.merge(adapterSettings(system.baseURL)) { $1 }
        }
        let values = DemoCredentials.self
        do {
            try await add(
                DemoGuard(
                    JSONDepartment(receiptPrefix: "MZ"),
                    requiring: [signingSecret("civil-affairs-elderly"), .bearer(values.civilAffairsToken)]),
                for: "civil-affairs-elderly", speaks: "JSON, bearer token", format: .json
            ) { ["CIVIL_AFFAIRS_URL": $0, "CIVIL_AFFAIRS_TOKEN": values.civilAffairsToken] }
            try await add(
                DemoGuard(
                    DemoUpstream.healthCommission,
                    requiring: [
                        signingSecret("health-commission-visits"),
                        .hmac(
                            keyID: values.healthAppID, secret: values.healthAppSecret, keyIDHeader: "X-WJ-AppId",
                            timestampHeader: "X-WJ-Timestamp", signatureHeader: "X-WJ-Signature"),
                    ]),
                for: "health-commission-visits", speaks: "SOAP 1.1 XML, HMAC signature", format: .xml
            ) {
                [
                    "HEALTH_COMMISSION_URL": $0, "HEALTH_COMMISSION_APP_ID": values.healthAppID,
                    "HEALTH_COMMISSION_APP_SECRET": values.healthAppSecret,
                ]
            }
            try await add(
                DemoGuard(
                    FormDepartment(receiptPrefix: "ZZ"),
                    requiring: [
                        signingSecret("grid-management-centre"),
                        .oauth2(
                            tokenPath: "/oauth/token", clientID: values.gridClientID,
                            clientSecret: values.gridClientSecret,
                            token: values.gridAccessToken),
                    ]),
                for: "grid-management-centre", speaks: "form posts in GB18030, OAuth 2.0 client credentials",
                format: .form
            ) {
                [
                    "GRID_CENTRE_URL": $0, "GRID_CENTRE_TOKEN_URL": $0 + "/oauth/token",
                    "GRID_CENTRE_CLIENT_ID": values.gridClientID, "GRID_CENTRE_CLIENT_SECRET": values.gridClientSecret,
                ]
            }
            try await add(
                GrassrootsApp(appKey: values.shequtongAppKey), for: "legacy-community-app",
                speaks: "JSON with pinyin fields, paged, app key", format: .json
            ) {
                [
                    "SHEQUTONG_URL": $0, "SHEQUTONG_APP_KEY": values.shequtongAppKey,
                    "SHEQUTONG_WEBHOOK_SECRET": values.shequtongWebhookSecret,
                ]
            }
            try await add(
                DemoGuard(
                    DemoUpstream.statisticsBureau,
                    requiring: [
                        signingSecret("statistics-bureau-population"),
                        .basic(username: values.statisticsUser, password: values.statisticsPassword),
                    ]),
                for: "statistics-bureau-population", speaks: "CSV upload in GB18030, HTTP Basic", format: .csv
            ) {
                [
                    "STATISTICS_BUREAU_URL": $0, "STATISTICS_BUREAU_USER": values.statisticsUser,
                    "STATISTICS_BUREAU_PASSWORD": values.statisticsPassword,
                ]
            }
            try await add(
                DemoGuard(
                    DemoStreetSafety(appID: values.streetSafetyAppID, secret: values.streetSafetySecret),
                    requiring: [signingSecret("street-safety-legacy")]),
                for: "street-safety-legacy", speaks: "JSON, nonce handshake and HMAC signature", format: .json
            ) {
                [
                    "STREET_SAFETY_URL": $0, "STREET_SAFETY_APP_ID": values.streetSafetyAppID,
                    "STREET_SAFETY_SECRET": values.streetSafetySecret,
                ]
            }
            try await add(
                DemoGuard(SOAP12Department(), requiring: [signingSecret("fire-rescue-inspections")]),
                for: "fire-rescue-inspections", speaks: "SOAP 1.2 XML", format: .xml
            ) { ["FIRE_RESCUE_URL": $0] }
            // The remote adapter's own service (service.py) stands in here as the reference implementation
            // of gridway-remote/1; it checks the calls' signature by the remote secret.
            try await add(
                try RemoteAdapterService(secret: values.gridLedgerSecret), for: "grid-ledger-python",
                speaks: "gridway-remote/1 (in place of its Python service)", format: .json
            ) { ["GRID_LEDGER_URL": $0, "GRID_LEDGER_SECRET": values.gridLedgerSecret] }
        } catch {
            for system in systems { await system.stop() }
            throw error
        }
        return Sandbox(systems: systems, settings: settings, givenSecrets: givenSecrets)
    }

    /// Stops every system.
    func stop() async {
        for system in systems { await system.stop() }
    }
}
