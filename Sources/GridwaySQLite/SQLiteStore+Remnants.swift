import Foundation
import GridwayStore

/// One erased value still readable in the SQLite files.
public struct SQLiteRemnant: Sendable, Hashable {
    /// The value, as it was asked for.
    public var value: String
    /// The file holding it: the database, or its write-ahead log.
    public var file: String
    /// The byte offset of its first occurrence there.
    public var offset: Int
}

/// What a byte-level scan of the SQLite files found.
public struct SQLiteRemnantScan: Sendable, Hashable {
    /// The files read, in order.
    public var files: [String]
    /// Whether the write-ahead log was emptied into the database file first; when it was not (another
    /// process kept reading), what is left of it was read too.
    public var writeAheadLogEmptied: Bool
    /// Every value still found, in each file that holds it.
    public var remnants: [SQLiteRemnant]
}

extension SQLiteStore {
    /// The proof of erasure at the byte level: empties the write-ahead log into the database file,
    /// then reads the database file and what is left of the log, and returns each of `values` still
    /// found there, as SQLite holds text (UTF-8) or as JSON escapes it (`\u738b`).
    ///
    /// The writer zeroes what it frees (`PRAGMA secure_delete`), so an erased value is found only if
    /// a row still holds it, not in free space or old pages.
    public func remnants(of values: [String]) async throws -> SQLiteRemnantScan {
        let emptied = try await pool.emptyWriteAheadLog()
        let files = [pool.path, pool.path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
        var remnants: [SQLiteRemnant] = []
        for file in files {
            for value in values where !value.isEmpty {
                let forms = Set([Array(value.utf8), Self.escapedForJSON(value)])
                let offsets = try forms.compactMap { try Self.firstOffset(of: $0, inFileAt: file) }
                if let offset = offsets.min() {
                    remnants.append(SQLiteRemnant(value: value, file: file, offset: offset))
                }
            }
        }
        return SQLiteRemnantScan(files: files, writeAheadLogEmptied: emptied, remnants: remnants)
    }

    /// `value` with every character outside ASCII written as JSON's `\uXXXX` escapes.
    static func escapedForJSON(_ value: String) -> [UInt8] {
        value.utf16.reduce(into: "") { text, unit in
            text += unit < 0x80 ? String(UnicodeScalar(UInt8(unit))) : String(format: "\\u%04x", unit)
        }.utf8.map { $0 }
    }

    /// The offset of the first occurrence of `needle` in the file at `path`, read `chunkSize` bytes
    /// (8 MiB) at a time.
    static func firstOffset(of needle: [UInt8], inFileAt path: String, chunkSize: Int = 8 << 20) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let pattern = Data(needle)
        var carried = Data()
        var consumed = 0
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            let window = carried + chunk
            if let found = window.range(of: pattern) {
                return consumed - carried.count + found.lowerBound - window.startIndex
            }
            consumed += chunk.count
            carried = Data(window.suffix(needle.count - 1))  // a match across two chunks
        }
        return nil
    }
}
