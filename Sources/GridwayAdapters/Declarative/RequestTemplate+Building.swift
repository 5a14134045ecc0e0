import GridwayCore
import GridwayJSON
import OrderedCollections

extension RequestTemplate {
    /// The request for one input document, without authentication.
    ///
    /// - Parameters:
    ///   - extraParameters: pagination parameters, added to the query or (with `inBody`) to the body object.
    /// - Throws: ``MappingFailure`` located in `url`, `query.<name>`, `headers.<name>` or `body.…`.
    func build(
        document: JSONValue, settings: [String: String], extraParameters: [(name: String, value: JSONValue)] = [],
        inBody: Bool = false
    ) throws(MappingFailure) -> OutboundRequest {
        let url: String
        do {
            url = try self.url.render(in: document, settings: settings, encode: PercentEncoding.component)
        } catch {
            throw error.within("url")
        }
        var pairs: [(name: String, value: String)] = []
        for parameter in query {
            let value: JSONValue?
            do {
                value = try parameter.value.evaluate(in: document, settings: settings)
            } catch {
                throw error.within(parameter.name).within("query")
            }
            for element in Self.values(value) {
                do {
                    pairs.append((parameter.name, try Transform.text(of: element)))
                } catch {
                    throw error.within(parameter.name).within("query")
                }
            }
        }
        if !inBody {
            for parameter in extraParameters {
                pairs.append((parameter.name, (try? Transform.text(of: parameter.value)) ?? ""))
            }
        }
        var request = OutboundRequest(method: method, url: PercentEncoding.appending(pairs, to: url))
        for header in headers {
            do {
                if let value = try header.value.evaluate(in: document, settings: settings) {
                    request.headers.append(HTTPHeader(header.name, try Transform.text(of: value)))
                }
            } catch {
                throw error.within(header.name).within("headers")
            }
        }
        var bodyValue: JSONValue?
        do {
            bodyValue = try body?.evaluate(in: document, settings: settings)
        } catch {
            throw error.within("body")
        }
        if inBody, !extraParameters.isEmpty {
            guard case .object(var members) = bodyValue ?? .object([:]) else {
                throw MappingFailure(
                    "pagination parameters go in the body, so the body must be an object", at: ["body"])
            }
            for parameter in extraParameters { members[parameter.name] = parameter.value }
            bodyValue = .object(members)
        }
        if let bodyValue {
            do {
                request.body = try codec.format.encode(bodyValue, options: codec.options)
            } catch {
                throw MappingFailure(
                    "the body cannot be written as \(codec.format.rawValue): \(error.reason) at \(error.location)",
                    at: ["body"])
            }
            if request.header("Content-Type") == nil {
                request.headers.append(HTTPHeader("Content-Type", codec.format.contentType(options: codec.options)))
            }
        }
        return request
    }

    /// The values a query parameter stands for: none when left out or `null`, each element of an array.
    private static func values(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .none, .null?: []
        case .array(let elements)?: elements.filter { !$0.isNull }
        case let value?: [value]
        }
    }
}
