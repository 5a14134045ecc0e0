import GridwayCore
import Testing

@testable import GridwayServer

/// A worker reads an enumeration's labels, never its codes: contract descriptions written for programs
/// (`home 入户走访；phone 电话问候`) lose their codes in the form's hints and the import instructions.
@Suite(.timeLimit(.minutes(3))) struct WorkerHintTests {
    @Test func codesBeforeTheirLabelsAreLeftOut() {
        let codes = ["home", "phone", "video", "accompanied"]
        #expect(
            WorkerHint.text("home 入户走访；phone 电话问候；video 视频问候；accompanied 陪同就医或办事。", codes: codes)
                == "入户走访；电话问候；视频问候；陪同就医或办事。")
        #expect(WorkerHint.text("走访人观察到的健康状况：good 良好；fair 一般。", codes: ["good", "fair"]) == "走访人观察到的健康状况：良好；一般。")
        // A longer code that starts with a shorter one, and codes with hyphens.
        #expect(WorkerHint.text("fire-hazard 消防隐患；fire 火情", codes: ["fire", "fire-hazard"]) == "消防隐患；火情")
        // A code inside a word, or not followed by a label, stays.
        #expect(WorkerHint.text("smartphone 用户；填 home", codes: ["phone", "home"]) == "smartphone 用户；填 home")
        #expect(WorkerHint.text("每月至少一次。", codes: []) == "每月至少一次。")
    }

    @Test func theFormAndTheImportInstructionsShowOnlyTheLabels() async throws {
        let gateway = try await TestGateway()
        let catalog = try PortalCatalog.load()
        for contract in gateway.services.catalog.contracts {
            for column in ImportColumns(contract: contract, text: catalog.text(.zh)).columns
            where !column.options.isEmpty {
                for option in column.options where option.code != option.label {
                    #expect(!column.hint.contains(option.code + " "), "\(contract.ref) \(column.title): \(column.hint)")
                }
            }
        }
        try await gateway.withCommunityWorker { browser in
            let visit = try await browser.get("/portal/forms/elderly-visit@1").body
            #expect(visit.contains("<p class=\"hint\" id=\"h-f-visitType\">入户走访；电话问候；视频问候；陪同就医或办事。</p>"))
            #expect(visit.contains("走访人观察到的健康状况：良好；一般；较差；危重需立即处置。"))
            let incident = try await browser.get("/portal/forms/grid-incident@1").body
            #expect(incident.contains("治安；环境卫生；公共设施损坏；矛盾纠纷；消防隐患；违章搭建；交通秩序；其他。"))
            for code in ["home ", "good ", "public-security ", "low ", "urgent "] {
                #expect(!(visit + incident).contains(code))
            }
        }
    }
}
