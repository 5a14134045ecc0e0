import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import OrderedCollections

/// The two questions a prefill answers for a contract whose reports are about a keyed subject (an
/// elder, a place), in one unit's subtree, as one credential may read them (``ReportEntitlement``):
/// which subjects the worker can pick from, and what is known of the one picked.
///
/// Sources are the contract's fetch adapters (records filtered and scoped by ``FetchFanOut``, each
/// assigned to its subject by ``Contract/subjectKey(in:)``) and the accepted submissions of every
/// contract about the same kind of subject, found through their stored subject keys.
struct SubjectPrefill {
    let services: GridwayServices
    let entitlement: ReportEntitlement
    let contract: Contract
    let subject: ReportSubject
    /// The unit whose subtree is searched.
    let unit: String

    /// The subject facts the caller may read, in the contract's order: an upstream key's grant may
    /// keep some from it.
    var readableFacts: [SubjectFact] {
        contract.subjectFacts.filter { isReadable($0.pointer, of: contract.ref) }
    }

    /// Whether the caller reads the top-level field `pointer` is in, in reports of `contract`.
    func isReadable(_ pointer: JSONPointer, of contract: ContractRef) -> Bool {
        guard let name = pointer.tokens.first else { return false }
        return entitlement.project(.object([name: .bool(true)]), of: contract)?[name] != nil
    }

    // MARK: Candidates

    /// One subject the worker can pick: its key, a masked label and where it was seen.
    struct Candidate {
        var key: String
        var label: String
        var seen: [PrefillSource]

        var json: JSONValue {
            ["subject": .string(key), "label": .string(label), "seen": .array(seen.map(\.json))]
        }
    }

    /// The subjects in key order after the stored key `after`, at most `limit`, deduplicated by key,
    /// with the stored key of the last one when more follow.
    func candidates(fetched: [SourceResult], fetchedAt: Date, after: String?, limit: Int) async throws
        -> (candidates: [Candidate], nextCursor: String?)
    {
        var found: [String: Candidate] = [:]
        for result in fetched where result.status == .ok {
            for record in result.records {
                guard let record = entitlement.project(record, of: contract.ref),
                    let key = contract.subjectKey(in: record)
                else { continue }
                let stored = subject.storedKey(key)
                guard Self.precedes(after ?? "", stored) else { continue }
                let source = PrefillSource.adapter(result.adapter, fetchedAt: fetchedAt)
                if var candidate = found[stored] {
                    if !candidate.seen.contains(where: {
                        if case .adapter(result.adapter, _) = $0 { true } else { false }
                    }) {
                        candidate.seen.append(source)
                    }
                    found[stored] = candidate
                } else {
                    found[stored] = Candidate(
                        key: key, label: SubjectLabel(contract: contract).label(of: record, key: key), seen: [source])
                }
            }
        }
        let page = try await services.store.subjects(
            matching: SubjectQuery(
                keyPrefix: subject.storedKeyPrefix, subtree: unit, deliveredTo: entitlement.target, after: after,
                limit: limit))
        for sighting in page.items {
            let latest = sighting.latest
            guard let data = entitlement.project(latest.request.data, of: latest.request.contract),
                let reported = services.catalog.contract(latest.request.contract)
            else { continue }
            let key = String(sighting.key.dropFirst(subject.storedKeyPrefix.count))
            if var candidate = found[sighting.key] {
                candidate.seen.append(.submission(latest))
                found[sighting.key] = candidate
            } else {
                found[sighting.key] = Candidate(
                    key: key, label: SubjectLabel(contract: reported).label(of: data, key: key),
                    seen: [.submission(latest)])
            }
        }
        let ordered = found.keys.sorted(by: Self.precedes)
        let kept = ordered.prefix(limit)
        let more = ordered.count > limit || page.nextCursor != nil
        return (kept.compactMap { found[$0] }, more ? kept.last : nil)
    }

    /// Whether stored key `a` sorts before `b` as the stores sort them: by their UTF-8 bytes.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    // MARK: Facts

    /// What the sources hold of the subject with `key` (its ``Contract/subjectKey(in:)``): each
    /// fetched record about it, then, per data element, the newest accepted submission in scope
    /// holding a value for it, whatever its contract.
    func facts(of key: String, fetched: [SourceResult], fetchedAt: Date) async throws -> PrefillOffer {
        var offer = PrefillOffer(facts: readableFacts)
        for result in fetched where result.status == .ok {
            for record in result.records {
                guard let record = entitlement.project(record, of: contract.ref), contract.subjectKey(in: record) == key
                else { continue }
                offer.add(record: record, from: .adapter(result.adapter, fetchedAt: fetchedAt))
            }
        }
        var wanted = Dictionary(grouping: offer.facts, by: \.element)
        var query = SubmissionQuery(
            subtree: unit, status: .accepted, deliveredTo: entitlement.target, subjectKey: subject.storedKey(key),
            limit: 50)
        while !wanted.isEmpty {
            let page = try await services.store.submissions(matching: query)
            for submission in page.items {
                guard let reported = services.catalog.contract(submission.request.contract),
                    let data = entitlement.project(submission.request.data, of: reported.ref)
                else { continue }
                for fact in reported.subjectFacts {
                    guard let facts = wanted[fact.element], let value = fact.pointer.resolve(in: data), !value.isBlank
                    else { continue }
                    for wantedFact in facts { offer.add(value, for: wantedFact, from: .submission(submission)) }
                    wanted[fact.element] = nil
                }
            }
            guard let cursor = page.nextCursor else { break }
            query.before = cursor
        }
        return offer
    }
}
