import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayJSON
import Testing

@Suite struct ContractGrantTests {
    private let contract: Contract = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let catalog = try! ContractCatalog.load(directory: root.appendingPathComponent("contracts"))
        return catalog.contract(try! ContractRef(parsing: "elderly-visit@1"))!
    }()

    private var example: JSONValue { contract.schema["examples"]![0]! }

    @Test func openFieldsOnlyWithoutAGrant() {
        let projected = ContractGrant(contract: contract.ref).project(example, of: contract)
        for field in contract.fields {
            let present = projected[field.name] != nil
            #expect(
                present == (field.sharing == .open && example[field.name] != nil), "\(field.name) is \(field.sharing)")
        }
        #expect(projected["elderIdNumber"] == nil, "a restricted field never reaches an adapter without a grant")
    }

    @Test func grantedConditionalAndRestrictedFieldsPassOthersDoNot() throws {
        let conditional = try #require(contract.fields.first { $0.sharing == .conditional })
        let restricted = try #require(contract.fields.first { $0.sharing == .restricted })
        let onlyConditional = ContractGrant(contract: contract.ref, grantedFields: [conditional.name]).project(
            example, of: contract)
        #expect(onlyConditional[conditional.name] != nil || example[conditional.name] == nil)
        #expect(onlyConditional[restricted.name] == nil)
        let both = ContractGrant(contract: contract.ref, grantedFields: [conditional.name, restricted.name])
            .project(example, of: contract)
        #expect(both[restricted.name] == example[restricted.name])
    }
}
