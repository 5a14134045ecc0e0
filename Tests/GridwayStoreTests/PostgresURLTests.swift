import GridwayPostgres
import PostgresNIO
import Testing

@Suite(.timeLimit(.minutes(3))) struct PostgresURLTests {
    @Test func readsEveryPartAndHidesThePassword() throws {
        let url = try PostgresURL("postgres://grid%40way:p%2Fss@db.example:6543/gridway?sslmode=disable")
        #expect(url.configuration.host == "db.example")
        #expect(url.configuration.port == 6543)
        #expect(url.configuration.username == "grid@way")
        #expect(url.configuration.password == "p/ss")
        #expect(url.configuration.database == "gridway")
        #expect(!url.description.contains("p%2Fss") && url.description.contains("***"))
        #expect(try PostgresURL("postgresql://u@localhost/db").configuration.port == 5432)
    }

    @Test(arguments: [
        "mysql://u:p@host/db", "postgres:///db", "postgres://host/db", "postgres://u:p@host/db?sslmode=sometimes",
        "postgres://u:p@host/db?search_path=x",
    ])
    func refusesWhatItCannotUse(_ text: String) {
        #expect(throws: PostgresURLError.self) { try PostgresURL(text) }
    }
}
