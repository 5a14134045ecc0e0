import Foundation
import FuzzCatalog
import FuzzSupport
import GridwayCore
import GridwayJSON

@testable import GridwayServer

/// The callers a body is checked for: an admin, staff of a community, an upstream system of a district.
let credentials: [Credential] = [
    Credential(id: "key_admin", name: "admin", role: .admin, createdAt: Date(timeIntervalSince1970: 0)),
    Credential(
        id: "key_staff", name: "staff", role: .staff(unit: "210102001001"), createdAt: Date(timeIntervalSince1970: 0)),
    Credential(
        id: "key_upstream", name: "upstream", role: .upstream(target: "civil-affairs-elderly", jurisdiction: "210102"),
        createdAt: Date(timeIntervalSince1970: 0)),
]

/// The decoder `POST /v1/submissions` uses, with the repository's contracts and org units.
let intake = SubmissionIntake(catalog: Repository.catalog, units: Repository.units)

/// Parses the input as a submission body and runs it through the endpoint's intake (envelope, contract,
/// unit and scope, period, schema) for a caller picked by the input's length; an accepted request must
/// have a digest and a period the contract's period type reads back unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let body = try? JSONParser().parse(input.bytes),
        let request = try? intake.request(from: body, for: credentials[size % credentials.count])
    else { return 0 }
    _ = request.digest
    if let contract = Repository.catalog.contract(request.contract) {
        let period = try? contract.periodType.period(for: request.period)
        invariant(
            period?.description == request.period,
            "the normalized period \(String(describing: request.period)) does not read back")
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
