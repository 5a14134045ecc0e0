import ArgumentParser

/// The `gridway` command: serve the gateway and manage contracts, keys, deliveries and the audit log.
@main
struct Gridway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridway",
        abstract: "Gridway: one reporting channel and integration gateway for grassroots governance.",
        subcommands: [
            Serve.self, ContractCommand.self, KeysCommand.self, AuditCommand.self, PathCommand.self,
            DeliveriesCommand.self, TargetsCommand.self, AdapterCommand.self, DemoCommand.self, SandboxCommand.self,
            AggregatesCommand.self, BurdenCommand.self, UsersCommand.self, MigrateStoreCommand.self,
            CatalogCommand.self,
            RetentionCommand.self, SubjectsCommand.self,
        ]
    )
}
