import Foundation
import GridwayCore
import Testing

@Suite struct TimeOrderedIDTests {
    @Test func isAVersion7UUIDWithTheTimeInFront() throws {
        let date = Date(timeIntervalSince1970: 1_764_288_000.123)
        let id = TimeOrderedID.make(at: date, prefix: "key_")
        #expect(id.hasPrefix("key_"))
        let uuid = try #require(UUID(uuidString: String(id.dropFirst(4))))
        #expect(uuid.uuidString.lowercased() == String(id.dropFirst(4)))
        let hex = id.dropFirst(4).replacingOccurrences(of: "-", with: "")
        #expect(UInt64(hex.prefix(12), radix: 16) == 1_764_288_000_123)
        #expect(hex[hex.index(hex.startIndex, offsetBy: 12)] == "7")
        #expect("89ab".contains(hex[hex.index(hex.startIndex, offsetBy: 16)]))
    }

    @Test func laterTimesSortLaterAndIDsAreUnique() {
        let early = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1000))
        let late = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1000.002))
        #expect(early < late)
        #expect(Set((0..<1000).map { _ in TimeOrderedID.make() }).count == 1000)
    }

    /// The reports of one batch are stored at one instant: their ids still sort in the order made.
    @Test func idsMadeForOneMillisecondSortInTheOrderMade() {
        let instant = Date(timeIntervalSince1970: 1_234_567.891)
        let ids = (0..<2048).map { _ in TimeOrderedID.make(at: instant) }
        #expect(ids == ids.sorted())
        #expect(Set(ids.map { $0.prefix(13) }).count == 1, "all of the same millisecond")
    }
}
