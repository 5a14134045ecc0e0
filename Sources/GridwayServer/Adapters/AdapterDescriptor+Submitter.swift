import Foundation
import GridwayAdapters
import GridwayCore

extension AdapterDescriptor {
    /// Who submits what the adapter ingests when no API key is involved (a webhook it authenticated
    /// itself, a poll): `adapter:<id>`, acting for its jurisdiction. It is never stored as a key; its id
    /// is the submissions' `submittedBy` and the audit actor. Without a jurisdiction the adapter covers
    /// every unit, which the `admin` role expresses.
    var submitter: Credential {
        Credential(
            id: "adapter:\(id)", name: title,
            role: jurisdiction.map { .upstream(target: id, jurisdiction: $0) } ?? .admin,
            createdAt: Date(timeIntervalSince1970: 0))
    }
}
