import FuzzCatalog
import FuzzSupport
import HummingbirdCore

@testable import GridwayServer

/// The chain heads the audit page is tried with: empty, small, around a page's size, and the largest.
let heads: [Int64] = [0, 1, 57, 100, 101, .max]

/// Reads the input as a request target's query (`?` + the input, as Hummingbird parses it) and runs every
/// parser of request integers on it: the audit page's `upTo` for several chain heads, and the `limit` of
/// `GET /v1/inbox` and `GET /v1/submissions`. None may trap; each either refuses with a 400 problem or
/// yields a value inside its bounds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let query = String(decoding: FuzzInput(data, size).bytes, as: UTF8.self)
    let parameters = URI("/portal/admin/audit?" + query).queryParameters
    let upTo = parameters.get("upTo")
    for head in heads {
        do {
            let window = try AuditPageWindow(upTo: upTo, head: head)
            invariant(
                window.from >= 1 && window.upTo <= head, "upTo=\(String(describing: upTo)), head \(head): \(window)")
            invariant(
                (0...100).contains(window.count),
                "upTo=\(String(describing: upTo)), head \(head): \(window.count) entries")
            invariant(upTo != nil || window.upTo == head, "without upTo the page ends at the head \(head): \(window)")
        } catch {
            invariant(error.status == .badRequest, "upTo=\(String(describing: upTo)): \(error.status)")
        }
    }
    do {
        let inbox = try InboxListQuery(parameters)
        invariant((1...200).contains(inbox.limit), "inbox limit \(inbox.limit)")
    } catch {
        invariant(error.status == .badRequest, "inbox: \(error.status)")
    }
    do {
        let submissions = try SubmissionListQuery(parameters, units: Repository.units).query
        invariant((1...200).contains(submissions.limit), "submissions limit \(submissions.limit)")
    } catch {
        invariant(error.status == .badRequest, "submissions: \(error.status)")
    }
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
