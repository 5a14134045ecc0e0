import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird

/// A legacy system whose only interface is a CSV export (RFC 4180, header row, CRLF line ends).
///
/// `GET` to any path answers the seeded records matching every query parameter, one row each, in the
/// charset and with the delimiter of ``options`` (GB18030 and `;` are common in old exports).
public struct CSVExport: StandIn {
    public let control = StandInControl()
    /// The records exported: objects of scalar members.
    public let records: [JSONValue]
    /// The charset and delimiter written.
    public let options: BodyFormatOptions

    /// Creates the stand-in with records to export, written with `options`.
    public init(records: [JSONValue], options: BodyFormatOptions = BodyFormatOptions()) {
        self.records = records
        self.options = options
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("**") { request, _ in
            let filters = request.queryObject()
            return Response.encoded(.array(records.filter { $0.matches(filters) }), as: .csv, options: options)
        }
    }
}
