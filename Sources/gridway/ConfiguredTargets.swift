import ArgumentParser
import Foundation
import GridwayAdapters

/// The targets an upstream key may be bound to: the adapters of the adapters directory that can
/// `deliver` reports or `notify` results, read from their manifests (no setting or secret needs to be
/// present), and the compiled-in Swift adapters whose folder is there.
struct ConfiguredTargets {
    /// The target ids, sorted.
    let ids: [String]

    /// Reads the adapter folders of `directory`; a folder whose manifest cannot be read is no target.
    init(directory: URL, compiled: [any CompiledAdapter.Type]) {
        let compiledIDs = Set(compiled.map { $0.id })
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        ids = names.filter { !$0.hasPrefix(".") }.sorted().filter { name in
            let folder = directory.appendingPathComponent(name, isDirectory: true)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(AdapterManifest.fileName).path)
            else { return compiledIDs.contains(name) }
            guard let manifest = try? AdapterManifest(folder: folder) else { return false }
            return !manifest.capabilities.isDisjoint(with: [.deliver, .notify])
        }
    }

    /// Refuses `target` unless it is configured, naming the directory and the targets it holds.
    func check(_ target: String, in directory: String) throws {
        guard !ids.contains(target) else { return }
        let known = ids.isEmpty ? "it holds no target" : "its targets are \(ids.joined(separator: ", "))"
        throw ValidationError(
            "no target \"\(target)\" is configured: an upstream key must name an adapter of \(directory)/ that delivers or notifies; \(known)"
        )
    }
}
