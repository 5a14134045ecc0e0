import Foundation
import GridwayCore
import GridwayJSON

/// The file side of ``ContractLinter``: `gridway contract check` on a file or a folder of the disk.
extension ContractLinter {
    /// Checks a contract file, or every contract (and the org-unit tree) of a folder.
    public func check(path: URL) -> [ContractFinding] {
        CatalogFiles.isDirectory(path) ? checkDirectory(path) : checkFile(path)
    }

    /// Checks one contract file (against the dictionary of its folder), or the org-unit tree when
    /// the file is named `units.json`, or the data-element dictionary when it is `elements.json`.
    public func checkFile(_ file: URL) -> [ContractFinding] {
        switch file.lastPathComponent {
        case OrgUnitTree.fileName:
            return checkUnits(file)
        case ElementDictionary.fileName:
            return checkElements(file).findings
        default:
            let folder = file.deletingLastPathComponent()
            let elements = CatalogFiles.elementsFile(in: folder).map { checkElements($0).dictionary }
            return lintFile(file, elements: elements ?? ElementDictionary()).findings
        }
    }

    /// Checks every contract file of a folder (not subfolders), their refs across files, and the
    /// folder's `units.json` if it has one.
    public func checkDirectory(_ directory: URL) -> [ContractFinding] {
        let files: [URL]
        do {
            files = try CatalogFiles.contractFiles(in: directory)
        } catch {
            return [
                ContractFinding(severity: .error, file: directory.path, location: .root, message: error.description)
            ]
        }
        var findings: [ContractFinding] = []
        var elements = ElementDictionary()
        if let elementsFile = CatalogFiles.elementsFile(in: directory) {
            let checked = checkElements(elementsFile)
            findings += checked.findings
            elements = checked.dictionary
        }
        if files.isEmpty {
            findings.append(
                ContractFinding(
                    severity: .warning, file: directory.path, location: .root, message: "no contract files (*.json)"))
        }
        var fileByRef: [ContractRef: String] = [:]
        for file in files {
            let (fileFindings, ref) = lintFile(file, elements: elements)
            findings += fileFindings
            guard let ref else { continue }
            if let first = fileByRef[ref] {
                findings.append(
                    ContractFinding(
                        severity: .error, file: file.path, location: .root,
                        message:
                            "contract \(ref) is already defined in \(first); a new major version needs a new major number"
                    ))
            } else {
                fileByRef[ref] = file.path
            }
        }
        if let unitsFile = CatalogFiles.unitsFile(in: directory) {
            findings += checkUnits(unitsFile)
        }
        return findings
    }

    /// The findings for a file, and the ref its content declares (when it declares a valid one).
    private func lintFile(_ file: URL, elements: ElementDictionary) -> (findings: [ContractFinding], ref: ContractRef?)
    {
        do {
            return lint(try CatalogFiles.read(file), file: file.path, elements: elements)
        } catch {
            return (
                [ContractFinding(severity: .error, file: file.path, location: .root, message: error.description)], nil
            )
        }
    }

    // MARK: - Data elements

    /// The findings about a data-element dictionary file, and the elements read without error.
    private func checkElements(_ file: URL) -> (dictionary: ElementDictionary, findings: [ContractFinding]) {
        do {
            let bytes = try CatalogFiles.read(file)
            let read = ElementDictionary.read(document: try JSONValue(parsing: bytes), source: file.path)
            let map = JSONSourceMap(bytes)
            return (read.dictionary, read.findings.map { $0.placed(in: map) })
        } catch {
            return (
                ElementDictionary(),
                [ContractFinding(severity: .error, file: file.path, location: .root, message: "\(error)")]
            )
        }
    }

    // MARK: - Org units

    private func checkUnits(_ file: URL) -> [ContractFinding] {
        do {
            _ = try OrgUnitTree.load(contentsOf: file)
            return []
        } catch {
            var location = JSONPointer.root
            if case .malformedDocument(let at, _) = error { location = at }
            return [ContractFinding(severity: .error, file: file.path, location: location, message: error.description)]
        }
    }
}
