import Crypto
import GridwayCore
import GridwayJSON
import Hummingbird
import Synchronization

/// The street safety-supervision system (街道安全生产监管系统) with its nonce handshake, as
/// `adapters/street-safety-legacy/README.md` describes it:
///
/// - `GET /api/challenge?appId=<appID>` answers `{"nonce": "<16 hex digits>", "expiresIn": 60}`, or
///   `403` with `{"ok": false, "error": "UNKNOWN_APP"}` for another app id;
/// - `POST /api/inspection/submit` (and `/revise` for a correction) with `X-App-Id`, `X-Nonce` (a
///   nonce it issued, usable once) and `X-Signature` =
///   `hex(HMAC-SHA256(secret, appId + "\n" + nonce + "\n" + hex(SHA-256(body))))` and a JSON body
///   answers `{"ok": true, "ticket": "AJ000001"}`; otherwise `{"ok": false, "error": "NONCE_USED" |
///   "INVALID_SIGNATURE" | "INVALID_DATA", "message": …}` (HTTP 400, 401 for a bad signature).
public struct DemoStreetSafety: StandIn {
    public let control = StandInControl()
    /// The application id the system issued to Gridway.
    public let appID: String
    /// The shared signing secret.
    public let secret: String
    private let issued = IssuedNonces()

    /// Creates the system for one app id and secret.
    public init(appID: String, secret: String) {
        self.appID = appID
        self.secret = secret
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("api/challenge") { request, _ in
            guard request.queryObject()["appId"] == .string(appID) else {
                return Response.jsonValue(
                    ["ok": false, "error": "UNKNOWN_APP", "message": "应用未登记"], status: .forbidden)
            }
            let nonce = Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
            issued.nonces.withLock { _ = $0.insert(nonce) }
            return Response.jsonValue(["nonce": .string(nonce), "expiresIn": 60])
        }
        router.post("api/inspection/{action}") { request, context in
            var request = request
            let body = Array(
                try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit).readableBytesView)
            func refuse(_ code: String, _ message: String, _ status: HTTPResponse.Status = .badRequest) -> Response {
                .jsonValue(["ok": false, "error": .string(code), "message": .string(message)], status: status)
            }
            guard ["submit", "revise"].contains(try context.parameters.require("action")) else {
                return refuse("INVALID_DATA", "没有这个接口", .notFound)
            }
            guard let nonce = request.headers[.init("X-Nonce")!], issued.nonces.withLock({ $0.remove(nonce) != nil })
            else {
                return refuse("NONCE_USED", "随机数无效或已使用")
            }
            let message = appID + "\n" + nonce + "\n" + SHA256Hex.of(body)
            let expected = Hex.encode(
                HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8)))
            )
            guard request.headers[.init("X-App-Id")!] == appID, request.headers[.init("X-Signature")!] == expected
            else {
                return refuse("INVALID_SIGNATURE", "签名错误", .unauthorized)
            }
            guard (try? JSONValue(parsing: body))?.objectValue != nil else {
                return refuse("INVALID_DATA", "报文不是 JSON 对象")
            }
            return Response.jsonValue(["ok": true, "ticket": .string(control.nextReceipt("AJ"))])
        }
    }
}

/// The nonces issued and not yet used, shared by every copy of the stand-in.
private final class IssuedNonces: Sendable {
    let nonces = Mutex<Set<String>>([])
}
