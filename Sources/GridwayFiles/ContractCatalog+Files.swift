import Foundation
import GridwayCore
import GridwayJSON

extension ContractCatalog {
    /// Loads the data-element dictionary `elements.json` (when there is one) and every
    /// `<id>@<major>.json` contract file of `directory` (not subfolders; the org-unit file
    /// `units.json` is skipped).
    ///
    /// - Throws: ``ContractCatalogError`` for an invalid dictionary, or the first file that cannot
    ///   be read or parsed, is misnamed, is not a valid contract, or repeats a ref.
    public static func load(directory: URL) throws(ContractCatalogError) -> ContractCatalog {
        let elements = try loadElements(directory: directory)
        var contracts: [Contract] = []
        let files: [URL]
        do {
            files = try CatalogFiles.contractFiles(in: directory)
        } catch {
            throw .unreadable(error)
        }
        for file in files {
            let (bytes, document) = try readDocument(file)
            let contract: Contract
            do {
                contract = try Contract(document: document, source: file.path, elements: elements)
            } catch {
                throw .invalidContract(error.placed(in: JSONSourceMap(bytes)))
            }
            guard contract.ref.description + ".json" == file.lastPathComponent else {
                throw .fileNameMismatch(file: file.path, ref: contract.ref)
            }
            contracts.append(contract)
        }
        return try ContractCatalog(contracts: contracts, elements: elements)
    }

    /// The data-element dictionary of `directory`; empty when it has no `elements.json`.
    public static func loadElements(directory: URL) throws(ContractCatalogError) -> ElementDictionary {
        guard let file = CatalogFiles.elementsFile(in: directory) else { return ElementDictionary() }
        let (bytes, document) = try readDocument(file)
        do {
            return try ElementDictionary(document: document, source: file.path)
        } catch {
            throw .invalidElements(error.placed(in: JSONSourceMap(bytes)))
        }
    }

    /// The bytes and the parsed JSON document of a catalog file.
    private static func readDocument(_ file: URL) throws(ContractCatalogError) -> ([UInt8], JSONValue) {
        let bytes: [UInt8]
        do {
            bytes = try CatalogFiles.read(file)
        } catch {
            throw .unreadable(error)
        }
        do {
            return (bytes, try JSONValue(parsing: bytes))
        } catch {
            throw .invalidJSON(file: file.path, error)
        }
    }
}
