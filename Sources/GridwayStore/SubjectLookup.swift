import Foundation
import GridwayCore

/// The reports Gridway holds about one subject, named by the data element that identifies it and
/// its value (`person.idNumber`, `210102193805120025`): found through the stored subject key of every
/// contract whose `x-gridway-subject` is that one element — across contracts, in one index lookup.
struct SubjectLookup: Sendable {
    var store: any Store
    var catalog: ContractCatalog

    /// Every report about the subject, newest first, and each one's deliveries by submission id.
    ///
    /// - Throws: ``SubjectLookupError`` when no contract identifies its subject by `element` alone,
    ///   or `value` is blank.
    func reports(element: String, value: String) async throws
        -> (submissions: [Submission], deliveries: [String: [Delivery]])
    {
        let subjects = catalog.contracts.compactMap(\.subject).filter { $0.key.map(\.element) == [element] }
        guard let subject = subjects.first else { throw SubjectLookupError.noContractIdentifiesBy(element) }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SubjectLookupError.blankValue }
        var found: [Submission] = []
        var query = SubmissionQuery(subjectKey: subject.storedKey(trimmed), limit: 200)
        while true {
            let page = try await store.submissions(matching: query)
            found += page.items
            guard let cursor = page.nextCursor else { break }
            query.before = cursor
        }
        return (found, try await store.deliveries(ofSubmissions: found.map(\.id)))
    }
}

/// Why a subject cannot be looked up.
public enum SubjectLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No contract of the catalog identifies its subject by this element alone.
    case noContractIdentifiesBy(String)
    /// The subject's value is empty.
    case blankValue

    public var description: String {
        switch self {
        case .noContractIdentifiesBy(let element):
            "no contract identifies its subject by the data element \(element) alone (x-gridway-subject)"
        case .blankValue:
            "the subject's value is blank"
        }
    }
}
