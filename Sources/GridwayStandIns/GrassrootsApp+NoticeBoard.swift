import GridwayCore
import GridwayJSON
import Hummingbird

extension GrassrootsApp {
    /// The app's notice board (通知公告), where results are pushed down: `POST /api/tzgg/push` with
    /// `{"tzbh", "tzlb", "jsdw", "bt", "nr", "fj"?}` answers `{"code": "0000", "msg": "成功",
    /// "data": {"tzid": "TZ000001"}}`; a body that is not such an object gets `400` with `{"code": "9001"}`,
    /// and a wrong `X-App-Key` (when ``appKey`` is set) `401` with `{"code": "4001"}`.
    func addNoticeBoardRoute(to router: Router<BasicRequestContext>) {
        router.post("api/tzgg/push") { request, _ in
            if let appKey, request.headers[.init("X-App-Key")!] != appKey {
                return Response.jsonValue(["code": "4001", "msg": "appKey 无效"], status: .unauthorized)
            }
            var request = request
            let body = try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
            let notice = try? JSONValue(parsing: Array(body.readableBytesView))
            let missing = ["tzbh", "tzlb", "jsdw", "bt", "nr"].filter { notice?[$0]?.stringValue == nil }
            guard missing.isEmpty else {
                return Response.jsonValue(
                    ["code": "9001", "msg": .string("参数错误: 缺少 \(missing.joined(separator: ", "))")], status: .badRequest
                )
            }
            return Response.jsonValue([
                "code": "0000", "msg": "成功", "data": ["tzid": .string(control.nextReceipt("TZ"))],
            ])
        }
    }
}
