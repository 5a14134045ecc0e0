import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird

/// A department system that takes reports in one format at one path and answers in its own: the
/// shape of many upstreams whose answer the generic stand-ins do not speak (a SOAP service with its
/// own response element, a CSV upload answered in JSON).
///
/// `POST path` with a body that decodes as ``accepts`` gets ``answer`` applied to the next receipt
/// number (``receiptPrefix`` and six digits) and the decoded body, written as ``answers``; a body
/// that does not decode gets `400` with the decoding error as text.
public struct DemoUpstream: StandIn {
    /// A body format with its options.
    public struct Format: Sendable {
        /// The format.
        public var format: BodyFormat
        /// Its charset, CSV layout or XML root and namespaces.
        public var options: BodyFormatOptions

        /// Creates a format with options.
        public init(_ format: BodyFormat, _ options: BodyFormatOptions = BodyFormatOptions()) {
            self.format = format
            self.options = options
        }
    }

    public let control = StandInControl()
    /// The path reports are posted to, e.g. `/services/ElderlyHealthService`.
    public let path: String
    /// What a report must be.
    public let accepts: Format
    /// How the answer is written.
    public let answers: Format
    /// What receipt numbers start with.
    public let receiptPrefix: String
    /// The answer to a report: from the receipt number and the decoded report.
    public let answer: @Sendable (_ receipt: String, _ report: JSONValue) -> JSONValue

    /// Creates the upstream.
    public init(
        path: String, accepts: Format, answers: Format, receiptPrefix: String,
        answer: @escaping @Sendable (_ receipt: String, _ report: JSONValue) -> JSONValue
    ) {
        self.path = path
        self.accepts = accepts
        self.answers = answers
        self.receiptPrefix = receiptPrefix
        self.answer = answer
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post(RouterPath(path)) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: StandInMiddleware<BasicRequestContext>.bodyLimit)
            let report: JSONValue
            do {
                report = try accepts.format.decode(Array(body.readableBytesView), options: accepts.options)
            } catch {
                return Response.text(
                    "400 bad request: the body is not \(accepts.format.rawValue): \(error)", status: .badRequest)
            }
            return Response.encoded(
                answer(control.nextReceipt(receiptPrefix), report), as: answers.format, options: answers.options)
        }
    }
}
