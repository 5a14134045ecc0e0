import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// The problem types of the adapter routes.
extension Problem {
    static func webhookRefused(_ detail: String) -> Problem {
        Problem(.unauthorized, .webhookRefused, title: "Webhook not authenticated", detail: detail)
    }

    static func unreadableWebhook(adapter: String, _ error: AdapterError) -> Problem {
        let location: String? = if case .mapping(let location, _) = error { location } else { nil }
        return Problem(
            .unprocessableContent, .unreadableWebhook, title: "The adapter cannot read the webhook",
            detail: "adapter \(adapter): \(error)", arguments: [adapter],
            extensions: location.map { ["location": .string($0)] } ?? [:])
    }

    static func adapterNotForContract(adapter: String, contract: String) -> Problem {
        Problem(
            .unprocessableContent, .contractNotHandled, title: "The adapter does not handle this contract",
            detail: "adapter \(adapter) does not handle \(contract)", arguments: [adapter, contract],
            violations: [
                Violation(instanceLocation: "/contract", message: "adapter \(adapter) does not handle \(contract)")
            ])
    }
}

extension Problem {
    static func adapterUnavailable(adapter: String, _ reason: String) -> Problem {
        Problem(
            .badGateway, .adapterUnavailable, title: "The adapter's service did not answer",
            detail: "adapter \(adapter): \(reason)", arguments: [adapter])
    }
}
