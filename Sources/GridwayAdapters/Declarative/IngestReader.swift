import GridwayCore
import GridwayJSON
import OrderedCollections

/// Turns one webhook into submission requests by an ingest section.
struct IngestReader {
    let section: IngestSection
    let settings: [String: String]

    /// The webhook's records. Its signature is not checked here: a webhook with a Gridway key needs none,
    /// and the ingest route checks a keyless one with ``DeclarativeAdapter/authenticate(_:)`` first.
    func records(of webhook: InboundWebhook) throws(AdapterError) -> [IngestedRecord] {
        let body: JSONValue
        do {
            body = try section.codec.format.decode(webhook.body, options: section.codec.options)
        } catch {
            throw .refused("the body is not \(section.codec.format.rawValue): \(error)")
        }
        let items = section.records?.items(in: body) ?? [body]
        var records: [IngestedRecord] = []
        records.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                records.append(try record(item, body: body))
            } catch {
                throw error.within("[\(index)]").within("records").adapterError
            }
        }
        return records
    }

    private func record(_ item: JSONValue, body: JSONValue) throws(MappingFailure) -> IngestedRecord {
        let document = JSONValue.object(["record": item, "body": body])
        let unit = try text(section.unit, "unit", document)
        let sourceID = try text(section.sourceID, "sourceID", document)
        var period: String?
        if let template = section.period {
            do {
                if let value = try template.evaluate(in: document, settings: settings), !value.isNull {
                    period = try Transform.text(of: value)
                }
            } catch {
                throw error.within("period")
            }
        }
        let data: JSONValue
        do {
            data = try section.map.evaluate(in: document, settings: settings) ?? .object([:])
        } catch {
            throw error.within("map")
        }
        return IngestedRecord(
            request: SubmissionRequest(contract: section.contract, unit: unit, period: period, data: data),
            sourceID: sourceID)
    }

    /// A required text value.
    private func text(_ template: Template, _ name: String, _ document: JSONValue) throws(MappingFailure) -> String {
        let text: String
        do {
            text = try template.evaluate(in: document, settings: settings).map(Transform.text) ?? ""
        } catch {
            throw error.within(name)
        }
        guard !text.isEmpty else { throw MappingFailure("no value", at: [name]) }
        return text
    }
}
