import ArgumentParser
import Foundation
import GridwayCore
import GridwayStore

/// `gridway deliveries list|replay`: inspect fan-out and replay dead deliveries after an outage.
struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries", abstract: "List deliveries and replay dead ones.",
        subcommands: [List.self, Replay.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "Only this state: \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", ")).")
        var state: String?

        @Option(help: "Only this target.")
        var target: String?

        @Option(help: "At most this many.")
        var limit = 50

        func run() async throws {
            var query = DeliveryQuery(target: target, limit: limit)
            if let state {
                guard let parsed = DeliveryState(rawValue: state) else {
                    throw ValidationError("unknown state \(state)")
                }
                query.state = parsed
            }
            let page = try await options.withStore(try options.load()) { try await $0.deliveries(matching: query) }
            for delivery in page.items {
                var line =
                    "\(delivery.id)  \(delivery.target)  \(delivery.state.rawValue)  attempts \(delivery.attempts)"
                line += "  \(delivery.subject)"
                if let receipt = delivery.receipt { line += "  receipt \(receipt)" }
                if let error = delivery.lastError { line += "  last error: \(error)" }
                print(line)
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make dead deliveries pending again: one by id, or all of a target.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "Delivery ids to replay.")
        var ids: [String] = []

        @Option(help: "Replay every dead delivery of this target.")
        var target: String?

        @Flag(help: "Replay also deliveries a later report about the same subject has overtaken.")
        var outOfOrder = false

        func validate() throws {
            guard ids.isEmpty != (target == nil) else {
                throw ValidationError("give delivery ids or --target, not both")
            }
        }

        func run() async throws {
            let replay = try await options.withStore(try options.load()) {
                try await $0.replayDeadDeliveries(ids: ids, target: target, outOfOrder: outOfOrder, by: "cli")
            }
            print(
                "Replayed \(replay.replayed) dead deliveries; a running server picks them up within its idle wait (30 s)."
            )
            if !replay.heldBack.isEmpty {
                print(
                    "Held back \(replay.heldBack.count), which a later report about the same subject has overtaken "
                        + "(--out-of-order sends them all the same): \(replay.heldBack.joined(separator: " "))")
            }
        }
    }
}
