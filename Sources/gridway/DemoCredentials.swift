/// The credentials `gridway demo` configures the adapters with and the stand-ins accept. They are
/// demo values for systems on loopback only; real ones come from the environment (see each
/// `adapters/<id>/README.md`).
enum DemoCredentials {
    /// 民政局: `CIVIL_AFFAIRS_TOKEN`.
    static let civilAffairsToken = "demo-civil-affairs-token"
    /// 卫健局: `HEALTH_COMMISSION_APP_ID`.
    static let healthAppID = "demo-hp-gridway"
    /// 卫健局: `HEALTH_COMMISSION_APP_SECRET`.
    static let healthAppSecret = "demo-health-commission-secret"
    /// 综治中心: `GRID_CENTRE_CLIENT_ID`.
    static let gridClientID = "demo-gridway"
    /// 综治中心: `GRID_CENTRE_CLIENT_SECRET`.
    static let gridClientSecret = "demo-grid-centre-secret"
    /// 综治中心: the access token its token endpoint issues.
    static let gridAccessToken = "demo-grid-centre-access-token"
    /// 社区通: `SHEQUTONG_APP_KEY`.
    static let shequtongAppKey = "demo-shequtong-app-key"
    /// 社区通: `SHEQUTONG_WEBHOOK_SECRET`, which signs its webhooks to `POST /v1/ingest/legacy-community-app`.
    static let shequtongWebhookSecret = "demo-shequtong-webhook-secret"
    /// 统计局: `STATISTICS_BUREAU_USER`.
    static let statisticsUser = "demo-hpq-tjy"
    /// 统计局: `STATISTICS_BUREAU_PASSWORD`.
    static let statisticsPassword = "demo-statistics-password"
    /// 街道安监: `STREET_SAFETY_APP_ID`.
    static let streetSafetyAppID = "demo-gridway-hp"
    /// 街道安监: `STREET_SAFETY_SECRET`.
    static let streetSafetySecret = "demo-street-safety-secret"
    /// 网格事件台账（Python 远程适配器）: `GRID_LEDGER_SECRET`, the remote secret its calls are signed with.
    static let gridLedgerSecret = "whsec_ZGVtby1ncmlkLWxlZGdlci1yZW1vdGUtc2VjcmV0"
}
