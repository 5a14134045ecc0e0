import Foundation
import GridwayCore
import GridwayJSON

/// One offline test of an adapter, from `adapters/<id>/fixtures/<name>.yaml` (or `.json`): an input,
/// the exact upstream requests expected with the answers to play back, and the expected outcome.
///
/// ```yaml
/// name: 入户走访报送成功                 # shown by `gridway adapter test`
/// capability: deliver                   # deliver, fetch, ingest or notify
/// settings: {token: test-token}         # setting values (the environment is never read)
/// now: 2026-11-05T08:00:00Z             # the clock, for HMAC timestamps (default 2026-01-01T00:00:00Z)
/// input:                                # deliver: the document templates read
///   submission: {id: sub-1, contract: elderly-visit@1, unit: "210102001001", period: 2026-11,
///                receivedAt: "2026-11-05T08:00:00Z"}
///   data: {elderName: 王桂兰, visitDate: 2026-11-05}
///   correction: {originalSubmissionID: sub-0, originalReceipt: MZ0001}      # optional
/// # fetch:  input: {query: {contract: elderly-visit@1, unit: "210102001001", elderIdNumber: …}}
/// # ingest: input: {webhook: {headers: {…}, body: {…} | raw: "…", signed: true}}
/// # notify: input: {result: {id: r-1, kind: notice, unit: "210102001001", title: …, body: …, data: …}}
/// exchanges:                            # in order; several for a paged fetch
///   - request:                          # what the adapter must send (each key optional)
///       method: POST
///       url: http://127.0.0.1:9001/api/visits
///       headers: {Authorization: Bearer test-token}   # these at least, compared case-insensitively
///       body: {xm: 王桂兰, zfsj: "20261105000000"}    # compared after decoding (JSON, XML, form, CSV)
///       # raw: '{"xm":"王桂兰"}'                       # or the exact body text
///       # namespaces: {soap: "http://www.w3.org/2003/05/soap-envelope"}   # the URIs of an XML body's prefixes
///     response:                         # what to answer
///       status: 200
///       headers: {Content-Type: application/json}
///       body: {code: "0000", data: {receiptNo: MZ2026001}}   # written in the response format
///       # raw: '<Envelope>…</Envelope>'    # or the exact text; format: xml to override the format
/// expect:
///   outcome: delivered                  # delivered (+ receipt), retry (+ after, reason), rejected (+ reason)
///   receipt: MZ2026001
///   # records: [...]                    # fetch: the normalized records
///   # submissions: [{contract, unit, period, sourceID, data}]   # ingest
///   # error: "cannot map"               # any capability: the adapter fails with this text
/// ```
public struct Fixture: Sendable {
    /// The test's name.
    public var name: String
    /// The file it came from.
    public var file: String
    /// The capability it exercises.
    public var capability: AdapterCapability
    /// Setting values by setting name.
    public var settings: [String: String]
    /// The clock during the test.
    public var now: Date
    /// The input, by capability.
    public var input: Input
    /// The requests expected and the answers played back, in order.
    public var exchanges: [Exchange]
    /// What the adapter must produce.
    public var expectation: Expectation

    /// A fixture's input.
    public enum Input: Sendable {
        /// A normalized submission to deliver.
        case deliver(DeliveryInput)
        /// A unified query.
        case fetch(FetchQuery)
        /// A legacy app's webhook.
        case ingest(Webhook)
        /// A result pushed down.
        case notify(NotifyInput)
    }

    /// A webhook as a fixture writes it: a structured body (written in the ingest format) or raw text.
    public struct Webhook: Sendable {
        /// Header fields as the legacy app sends them.
        public var headers: [HTTPHeader]
        /// The body.
        public var body: Body
        /// Whether to add the signature or token header that the adapter's `verify:` expects.
        public var signed: Bool
    }

    /// A body in a fixture: a value to write (or compare after decoding), or exact text.
    public enum Body: Sendable {
        /// A value, written in (or compared after decoding with) `format`, else the adapter's format.
        case value(JSONValue, format: BodyFormat?)
        /// Exact text.
        case raw(String)
    }

    /// One request the adapter must send and the answer it gets.
    public struct Exchange: Sendable {
        /// What the request must look like; `nil` accepts any request.
        public var request: ExpectedRequest?
        /// The answer.
        public var response: InboundResponseTemplate
    }

    /// The parts of a request that are checked; `nil` parts are not.
    public struct ExpectedRequest: Sendable {
        /// The method, upper case.
        public var method: String?
        /// The whole URL, query included.
        public var url: String?
        /// Header fields the request must have (others may be there too).
        public var headers: [HTTPHeader]
        /// The body.
        public var body: Body?
        /// The namespaces an XML `body` names its elements and attributes with: prefix → URI, the
        /// empty prefix for the default namespace. Names are compared by URI and local name.
        public var namespaces: [String: String]
    }

    /// An answer to play back.
    public struct InboundResponseTemplate: Sendable {
        /// The status code (default 200).
        public var status: Int
        /// Header fields; a structured body gets its `Content-Type` unless one is given.
        public var headers: [HTTPHeader]
        /// The body, if any.
        public var body: Body?
    }

    /// What the adapter must produce.
    public enum Expectation: Sendable {
        /// deliver/notify: delivered, with this receipt when given (`.some(nil)`: no receipt).
        case delivered(receipt: String??)
        /// deliver/notify: retry, after this delay when given, with a reason containing this text.
        case retry(after: Duration?, reason: String?)
        /// deliver/notify: rejected, with a reason containing this text.
        case rejected(reason: String?)
        /// fetch: these records.
        case records([JSONValue])
        /// ingest: these submissions (`contract`, `unit`, `period`, `sourceID`, `data`).
        case submissions([JSONValue])
        /// Any capability: the adapter throws an error whose text contains this.
        case error(String)
    }

    /// The clock when a fixture does not set `now`.
    public static let defaultNow = Date(timeIntervalSince1970: 1_767_225_600)
}
