import GridwayAdapters
import GridwayJSON
import Hummingbird

/// A department system that takes `application/x-www-form-urlencoded` posts, like a comprehensive
/// management centre (综治中心) platform from the 2000s.
///
/// `POST` to any path with a form body answers, form-encoded too, `code=0&msg=ok&receiptNo=ZZ000001`;
/// a post that is not a form gets `400` and `code=1&msg=…`.
public struct FormDepartment: StandIn {
    public let control = StandInControl()
    /// What receipt numbers start with.
    public let receiptPrefix: String

    /// Creates the stand-in with a receipt prefix.
    public init(receiptPrefix: String = "ZZ") {
        self.receiptPrefix = receiptPrefix
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("**") { request, _ in
            guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded")
            else {
                return Response.encoded(
                    ["code": "1", "msg": "content type must be application/x-www-form-urlencoded"], as: .form,
                    status: .badRequest)
            }
            return Response.encoded(
                ["code": "0", "msg": "ok", "receiptNo": .string(control.nextReceipt(receiptPrefix))], as: .form)
        }
    }
}
