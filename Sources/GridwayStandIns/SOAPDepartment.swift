import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// A department system with a SOAP/XML interface, like a health-commission (卫健委) platform.
///
/// - `POST` to any path: takes a SOAP 1.1 envelope and answers one whose body is
///   `<gw:submitResponse xmlns:gw="urn:gridway:stand-in"><gw:resultCode>0</gw:resultCode><gw:receiptNo>WJ000001</gw:receiptNo></gw:submitResponse>`,
///   or a `500` SOAP fault when the request is not an XML document whose root is an `Envelope`.
/// - `GET` to any path: answers `<response><resultCode>0</resultCode><records><record>…</record></records></response>`
///   with the seeded records (one child element per member) matching every query parameter.
public struct SOAPDepartment: StandIn {
    /// The SOAP 1.1 envelope namespace.
    public static let envelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
    /// The namespace of the answer's elements.
    public static let serviceNamespace = "urn:gridway:stand-in"

    public let control = StandInControl()
    /// The records `GET` serves: objects of scalar members.
    public let records: [JSONValue]
    /// What receipt numbers start with.
    public let receiptPrefix: String

    /// Creates the stand-in with records to serve and a receipt prefix.
    public init(records: [JSONValue] = [], receiptPrefix: String = "WJ") {
        self.records = records
        self.receiptPrefix = receiptPrefix
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let soap = BodyFormatOptions(root: "soap:Envelope", namespaces: ["soap": Self.envelopeNamespace])
        router.post("**") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
            let document = try? BodyFormat.xml.decode(Array(body.readableBytesView))
            guard let root = document?.objectValue?.elements.first,
                root.key == "Envelope" || root.key.hasSuffix(":Envelope")
            else {
                let fault: JSONValue = [
                    "soap:Body": ["soap:Fault": ["faultcode": "soap:Client", "faultstring": "请求不是 SOAP 报文"]]
                ]
                return Response.encoded(fault, as: .xml, options: soap, status: .internalServerError)
            }
            let receipt = control.nextReceipt(receiptPrefix)
            let answer: JSONValue = [
                "soap:Body": [
                    "gw:submitResponse": [
                        "@xmlns:gw": .string(Self.serviceNamespace), "gw:resultCode": "0",
                        "gw:receiptNo": .string(receipt),
                    ]
                ]
            ]
            return Response.encoded(answer, as: .xml, options: soap)
        }
        router.get("**") { request, _ in
            let filters = request.queryObject()
            let answer: JSONValue = [
                "response": ["resultCode": "0", "records": ["record": .array(records.filter { $0.matches(filters) })]]
            ]
            return Response.encoded(answer, as: .xml)
        }
    }
}
