import ArgumentParser

/// `GridwayBenchmarks`: the Swift side of the scripts in `Benchmarks/` — engine mapping throughput,
/// local upstreams for the query-path and fan-out runs, and the aggregates benchmark's data.
@main
struct GridwayBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "GridwayBenchmarks", abstract: "Benchmarks of the Gridway adapter engine and fan-out.",
        subcommands: [
            MappingCommand.self, UpstreamsCommand.self, AggregatesCommand.self, SoakUpstreamsCommand.self,
            PrefillCommand.self,
            RetentionBenchCommand.self,
        ])
}
