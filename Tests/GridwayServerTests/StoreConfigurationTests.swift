import Foundation
import GridwayServer
import Testing

@Suite(.timeLimit(.minutes(3))) struct StoreConfigurationTests {
    @Test func postgresIsChosenWithItsURLFromTheEnvironment() throws {
        let url = "postgres://gridway:secret@db:5432/gridway?sslmode=require"
        let configuration = try GridwayConfiguration.load(
            file: nil, environment: ["GRIDWAY_STORE": "postgres", "GRIDWAY_POSTGRES_URL": url])
        #expect(configuration.store == .postgres)
        #expect(configuration.postgresURL == url)
        #expect(try GridwayConfiguration.load(file: nil, environment: [:]).store == .sqlite)
    }

    @Test(arguments: [
        (["GRIDWAY_STORE": "mysql"], "store"),
        (["GRIDWAY_STORE": "postgres"], "postgresURL"),
    ])
    func aStoreThatCannotBeOpenedIsNamed(_ environment: [String: String], setting: String) throws {
        #expect {
            try GridwayConfiguration.load(file: nil, environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.setting == setting
        }
    }
}
