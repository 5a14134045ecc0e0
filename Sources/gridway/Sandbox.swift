import Foundation
import GridwayAdapters
import GridwayCore
import GridwayStandIns

/// The stand-ins of `gridway demo`, one per shipped adapter's system, and the environment that
/// points the adapters at them: their URLs, demo credentials they check, and a Standard Webhooks
/// signing secret per target generated for this run (which the department stand-ins verify too).
struct DemoSandbox: Sendable {
    /// The running systems, in the order printed.
    let systems: [DemoSystem]
    /// The process environment with the adapters' settings and `GRIDWAY_SIGNING_SECRETS_<TARGET>` set.
    let environment: [String: String]

    /// Starts every system on a free loopback port.
    static func start(over base: [String: String] = ProcessInfo.processInfo.environment) async throws -> DemoSandbox {
        var environment = base
        var systems: [DemoSystem] = []
        /// A fresh signing secret for `target`, set where the dispatcher reads it.
        func signingSecret(_ target: String) -> DemoCredential {
            let secret = "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            environment["GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")] =
                secret
            return .webhookSignature(secret: secret)
        }
        /// Starts `standIn` for `adapter` and sets the adapter's settings from its base URL.
        func add<S: StandIn>(
            _ standIn: S, for adapter: String, speaks: String, format: BodyFormat,
            settings: (String) -> [String: String]
        ) async throws {
            let system = try await DemoSystem.start(standIn, adapter: adapter, speaks: speaks, format: format)
            systems.append(system)
            environment.merge(settings(system.baseURL)) { _, demo in demo }
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
        } catch {
            for system in systems { await system.stop() }
            throw error
        }
        return DemoSandbox(systems: systems, environment: environment)
    }

    /// Stops every system.
    func stop() async {
        for system in systems { await system.stop() }
    }
}
