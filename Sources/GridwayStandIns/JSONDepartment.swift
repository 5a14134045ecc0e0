import GridwayCore
import GridwayJSON
import Hummingbird

/// A department system with a JSON API, like a civil-affairs (民政) platform.
///
/// - `POST` to any path, or `PUT` (a correction, such as `PUT /visits/<receiptNo>`): takes a JSON report
///   and answers `{"code": 0, "message": "成功", "data": {"receiptNo": "<prefix>000001"}}`, or `400`
///   with `{"code": 40001, "message": …}` when the body is not JSON.
/// - `GET` to any path: answers `{"code": 0, "message": "成功", "data": {"records": [...]}}` with the
///   seeded records whose members equal every query parameter given (compared as text).
public struct JSONDepartment: StandIn {
    public let control = StandInControl()
    /// The records `GET` serves.
    public let records: [JSONValue]
    /// What receipt numbers start with.
    public let receiptPrefix: String

    /// Creates the stand-in with records to serve and a receipt prefix.
    public init(records: [JSONValue] = [], receiptPrefix: String = "MZ") {
        self.records = records
        self.receiptPrefix = receiptPrefix
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        @Sendable func report(_ request: Request, _: BasicRequestContext) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
            guard (try? JSONValue(parsing: Array(body.readableBytesView))) != nil else {
                return Response.jsonValue(["code": 40001, "message": "请求体不是合法的 JSON"], status: .badRequest)
            }
            let receipt = control.nextReceipt(receiptPrefix)
            return Response.jsonValue(["code": 0, "message": "成功", "data": ["receiptNo": .string(receipt)]])
        }
        router.post("**", use: report)
        router.put("**", use: report)
        router.get("**") { request, _ in
            let filters = request.queryObject()
            return Response.jsonValue([
                "code": 0, "message": "成功", "data": ["records": .array(records.filter { $0.matches(filters) })],
            ])
        }
    }
}
