import ArgumentParser
import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwayServer

/// `gridway adapter new|check|test`: the authoring kit for legacy app owners.
struct AdapterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter", abstract: "Scaffold, check and test adapters offline.",
        subcommands: [New.self, Check.self, Test.self])

    /// `--contracts`, defaulting to the folder `gridway serve` uses.
    struct ContractsOption: ParsableArguments {
        @Option(help: "The contracts folder (default: the configured one, usually contracts/).")
        var contracts: String?

        func catalog() throws -> ContractCatalog {
            let directory = try contracts ?? GridwayConfiguration.load(file: nil).contractsDirectory
            return try ContractCatalog.load(directory: URL(fileURLWithPath: directory))
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold a declarative adapter: adapter.yaml with comments, README.md and a passing fixture.")

        @Argument(help: "The adapter id, lowercase kebab-case, e.g. civil-affairs-elderly.")
        var id: String

        @Option(help: "The adapters folder to create it in.")
        var dir = "adapters"

        @Option(help: "The upstream body format: json, xml, form or csv.")
        var format = "json"

        @Option(help: "The capability to scaffold: deliver, fetch, ingest or notify.")
        var capability = "deliver"

        @Option(help: "The contract it delivers, e.g. elderly-visit@1 (default: the first in the catalog).")
        var contract: String?

        @OptionGroup var contracts: ContractsOption

        func run() throws {
            let catalog = try contracts.catalog()
            guard let format = BodyFormat(rawValue: format) else {
                throw ValidationError("--format must be json, xml, form or csv")
            }
            guard let capability = AdapterCapability(rawValue: capability) else {
                throw ValidationError("--capability must be deliver, fetch, ingest or notify")
            }
            let chosen: Contract
            if let contract {
                guard let found = catalog.contract(try ContractRef(parsing: contract)) else {
                    throw ValidationError(
                        "unknown contract \(contract); the catalog has \(catalog.contracts.map(\.ref.description).joined(separator: ", "))"
                    )
                }
                chosen = found
            } else {
                guard let first = catalog.contracts.first else {
                    throw ValidationError("the contracts folder has no contracts")
                }
                chosen = first
            }
            do {
                let scaffold = try AdapterScaffold(id: id, contract: chosen, format: format, capability: capability)
                let folder = try scaffold.write(into: URL(fileURLWithPath: dir))
                print("Created \(folder.path): adapter.yaml, README.md, \(scaffold.fixturePath)")
                print(
                    "Next: edit adapter.yaml, then run `gridway adapter check \(folder.path)` and `gridway adapter test \(folder.path)`."
                )
            } catch {
                for diagnostic in error.diagnostics { print(diagnostic) }
                throw ExitCode.failure
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check adapter folders and print every mistake as file:line:column: error: message.",
            discussion: """
                Reads each folder's adapter.yaml and fixtures: unknown keys, bad JSONPath, unknown transforms, \
                unknown contracts, mapped fields not in the contract, conditional or restricted fields read \
                without a grant, literal secrets, missing sections. Exits 1 when there is an error.
                """)

        @Argument(help: "Adapter folders.")
        var folders: [String]

        @OptionGroup var contracts: ContractsOption

        func run() throws {
            let catalog = try contracts.catalog()
            var errors = 0
            var warnings = 0
            for folder in folders {
                let found = AdapterFolder(path: folder).diagnostics(catalog: catalog)
                for diagnostic in found { print(diagnostic) }
                errors += found.filter { $0.severity == .error }.count
                warnings += found.filter { $0.severity == .warning }.count
            }
            print(errors == 0 ? "ok: no errors (\(warnings) warnings)" : "\(errors) errors, \(warnings) warnings")
            if errors > 0 { throw ExitCode.failure }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every fixture of each adapter folder offline and print a diff for each failure.",
            discussion:
                "No network and no environment: each fixture's settings are the only setting values. Exits 1 on any failure."
        )

        @Argument(help: "Adapter folders.")
        var folders: [String]

        @OptionGroup var contracts: ContractsOption

        func run() async throws {
            let catalog = try contracts.catalog()
            var passed = 0
            var failed = 0
            for path in folders {
                let folder = AdapterFolder(path: path)
                print("\(folder.url.lastPathComponent):")
                let (runner, problems) = folder.runner(catalog: catalog)
                let (fixtures, fixtureProblems) = Fixture.load(adapterFolder: folder.url)
                for problem in problems + fixtureProblems { print("  \(problem)") }
                failed += problems.isEmpty ? fixtureProblems.count : 1
                guard let runner else { continue }
                if fixtures.isEmpty && fixtureProblems.isEmpty {
                    print("  ✘ no fixtures in \(folder.url.appendingPathComponent(Fixture.folderName).path)")
                    failed += 1
                }
                for fixture in fixtures {
                    let result = await runner.run(fixture)
                    if result.passed {
                        passed += 1
                        print("  ✔ \(result.name)")
                    } else {
                        failed += 1
                        print("  ✘ \(result.name) (\(URL(fileURLWithPath: result.file).lastPathComponent))")
                        for mismatch in result.mismatches { print("      \(mismatch)") }
                    }
                }
            }
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode.failure }
        }
    }
}

/// An adapter folder given on the command line: declarative (or remote) by its `adapter.yaml`, or a
/// compiled-in Swift adapter by its name.
struct AdapterFolder {
    let url: URL

    init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    private var manifestURL: URL { url.appendingPathComponent(AdapterManifest.fileName) }

    private var compiled: (any CompiledAdapter.Type)? {
        CompiledAdapters.all.first { $0.id == url.lastPathComponent }
    }

    /// The error for a folder that holds no adapter.
    private var noAdapter: ManifestDiagnostic {
        ManifestDiagnostic(
            .error, file: url.path, at: nil,
            "no \(AdapterManifest.fileName) here, and no compiled-in Swift adapter has the id \"\(url.lastPathComponent)\""
        )
    }

    /// Every mistake of the manifest and fixtures, errors and warnings.
    func diagnostics(catalog: ContractCatalog) -> [ManifestDiagnostic] {
        var found: [ManifestDiagnostic] = []
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            do {
                let manifest = try AdapterManifest(folder: url)
                found += manifest.warnings + manifest.check(against: catalog)
            } catch {
                found += error.diagnostics
            }
        } else if compiled == nil {
            found.append(noAdapter)
        }
        return found + Fixture.load(adapterFolder: url).problems
    }

    /// The runner for the folder's fixtures, or the errors that keep it from running.
    func runner(catalog: ContractCatalog) -> (FixtureRunner?, [ManifestDiagnostic]) {
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            guard let compiled else {
                return (nil, [noAdapter])
            }
            return (FixtureRunner { settings, _ in try compiled.init(settings: settings) }, [])
        }
        do {
            let manifest = try AdapterManifest(folder: url)
            let errors = manifest.check(against: catalog).filter { $0.severity == .error }
            guard errors.isEmpty else { return (nil, errors) }
            guard manifest.kind == .declarative else {
                return (
                    nil,
                    [
                        ManifestDiagnostic(
                            .error, file: manifest.file, at: nil,
                            "a remote adapter's fixtures run against its own service, not here")
                    ]
                )
            }
            return (FixtureRunner(manifest: manifest), [])
        } catch {
            return (nil, error.errors)
        }
    }
}
