import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections
import Synchronization

/// A department system with a SOAP 1.2 interface, like a fire and rescue brigade's (消防救援)
/// supervision service, answering as a SOAP 1.2 node bound to HTTP does (SOAP 1.2 part 2, §7).
///
/// `POST` to any path:
/// - a `Content-Type` other than `application/soap+xml` gets `415`;
/// - a SOAP 1.1 envelope gets a `VersionMismatch` fault; a body that is not a SOAP 1.2 envelope whose
///   `Body` holds an operation element in ``serviceNamespace`` gets a `Sender` fault, and so does an
///   `action` parameter other than `<serviceNamespace>/<operation>`;
/// - otherwise a fault queued with ``failNext(with:)``, else the operation's answer
///   `<OperationResponse xmlns="…"><result><code>0</code><message>受理成功</message><receiptNo>XF000001</receiptNo></result></OperationResponse>`.
///
/// Answers are `application/soap+xml` with the envelope prefix `s` (as WCF writes it); a `Sender`
/// fault has status 400, every other fault 500, and its reason carries `xml:lang="zh-CN"`.
public final class SOAP12Department: StandIn {
    /// The SOAP 1.2 envelope namespace.
    public static let envelopeNamespace = "http://www.w3.org/2003/05/soap-envelope"

    public let control = StandInControl()
    /// The namespace of the operations and answers.
    public let serviceNamespace: String
    /// What receipt numbers start with.
    public let receiptPrefix: String
    private let queuedFaults = Mutex<[SOAP12Fault]>([])

    /// Creates the service with its namespace and receipt prefix.
    public init(serviceNamespace: String = "urn:hpxf:fire-inspection:v2", receiptPrefix: String = "XF") {
        self.serviceNamespace = serviceNamespace
        self.receiptPrefix = receiptPrefix
    }

    /// Answers the next well-formed request with `fault`, after any faults already queued.
    public func failNext(with fault: SOAP12Fault) {
        queuedFaults.withLock { $0.append(fault) }
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("**") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
            return self.answer(contentType: request.headers[.contentType] ?? "", body: Array(body.readableBytesView))
        }
    }

    /// The answer to a request with this `Content-Type` and body.
    private func answer(contentType: String, body: [UInt8]) -> Response {
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "application/soap+xml" else {
            return .text(
                "415 Unsupported Media Type: SOAP 1.2 over HTTP takes application/soap+xml, not \(contentType)",
                status: .unsupportedMediaType)
        }
        let options = BodyFormatOptions(namespaces: [
            "env": Self.envelopeNamespace, "soap11": SOAPDepartment.envelopeNamespace, "svc": serviceNamespace,
        ])
        guard let document = try? BodyFormat.xml.decode(body, options: options),
            let root = document.objectValue?.elements.first
        else { return fault(SOAP12Fault(.sender, reason: "请求不是本服务认识的 XML 报文")) }
        if root.key == "soap11:Envelope" {
            return fault(SOAP12Fault(.versionMismatch, reason: "只支持 SOAP 1.2 信封"))
        }
        guard root.key == "env:Envelope",
            let operation = root.value["env:Body"]?.objectValue?.keys.first(where: { $0.hasPrefix("svc:") })
        else { return fault(SOAP12Fault(.sender, reason: "信封的 Body 里没有本服务的操作")) }
        let name = String(operation.dropFirst("svc:".count))
        let action = parameters.dropFirst().first { $0.lowercased().hasPrefix("action=") }
            .map { $0.dropFirst("action=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        guard action == serviceNamespace + "/" + name else {
            return fault(
                SOAP12Fault(.sender, subcode: "ActionMismatch", reason: "action 参数应为 \(serviceNamespace)/\(name)"))
        }
        if let queued = queuedFaults.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return fault(queued) }
        let result: JSONValue = [
            "code": "0", "message": "受理成功", "receiptNo": .string(control.nextReceipt(receiptPrefix)),
        ]
        return envelope(["s:Body": [name + "Response": ["@xmlns": .string(serviceNamespace), "result": result]]])
    }

    /// A fault answer: status 400 for `Sender`, else 500.
    private func fault(_ fault: SOAP12Fault) -> Response {
        let value = JSONValue.string("s:" + fault.code.rawValue)
        var code: JSONValue = ["s:Value": value]
        if let subcode = fault.subcode {
            code = ["s:Value": value, "s:Subcode": ["s:Value": .string("svc:" + subcode)]]
        }
        let content: JSONValue = [
            "s:Body": [
                "s:Fault": [
                    "s:Code": code,
                    "s:Reason": ["s:Text": ["@xml:lang": "zh-CN", "#text": .string(fault.reason)]],
                ]
            ]
        ]
        return envelope(content, status: fault.code == .sender ? .badRequest : .internalServerError)
    }

    /// `content` inside an `s:Envelope`, as `application/soap+xml`.
    private func envelope(_ content: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let options = BodyFormatOptions(
            root: "s:Envelope", namespaces: ["s": Self.envelopeNamespace, "svc": serviceNamespace])
        do {
            let bytes = try BodyFormat.xml.encode(content, options: options)
            return Response(
                status: status, headers: [.contentType: "application/soap+xml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return .text("the stand-in cannot write its answer: \(error)", status: .internalServerError)
        }
    }
}
