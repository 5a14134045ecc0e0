import Crypto
import GridwayCore
import GridwayJSON
import NIOCore

/// What one prefill answer offered, as its signed token records it: for whom, for which report, and
/// a digest of each value offered (never the value itself).
///
/// Sent back with a submission, it tells the fields the worker kept as offered from those they typed
/// (see ``PrefillTokenSigner``). Its signed form is binary (``encoded``), not JSON: every submission
/// that sends one back decodes it, and reading a few fixed-length fields costs a fraction of parsing.
struct PrefillToken: Sendable, Hashable {
    /// The contract reference, like `elderly-visit@1`.
    var contract: String
    /// The org unit the values were offered for.
    var unit: String
    /// The report subject's key the values belong to, when prefill chose one.
    var subject: String?
    /// The credential the answer was given to.
    var issuedTo: String
    /// When the token stops counting, in milliseconds since 1970.
    var expiresAt: Int64
    /// The SHA-256 of each offered value's canonical JSON (RFC 8785), by top-level field name.
    var offered: [String: [UInt8]]

    /// The first byte of ``encoded``: the layout's version.
    private static let layout: UInt8 = 2

    /// The digest recorded for `value`: the SHA-256 of its canonical JSON.
    static func digest(of value: JSONValue) -> [UInt8] {
        Array(SHA256.hash(data: value.canonicalBytes()))
    }

    /// The fields of `data` that hold exactly the value offered for them.
    func keptFields(in data: JSONValue) -> Set<String> {
        Set(offered.compactMap { field, digest in data[field].map(Self.digest(of:)) == digest ? field : nil })
    }

    /// The bytes the signature covers: the layout version, the expiry (big-endian), the contract, unit,
    /// credential and subject (each UTF-8 with a 32-bit length; the subject after a byte telling
    /// whether there is one), then each offered field's name and 32-byte digest, by name.
    var encoded: [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.layout)
        buffer.writeInteger(expiresAt)
        for text in [contract, unit, issuedTo] { buffer.writeText(text) }
        buffer.writeInteger(subject == nil ? 0 : 1 as UInt8)
        if let subject { buffer.writeText(subject) }
        buffer.writeInteger(UInt32(offered.count))
        for (field, digest) in offered.sorted(by: { $0.key < $1.key }) {
            buffer.writeText(field)
            buffer.writeBytes(digest)
        }
        return Array(buffer.readableBytesView)
    }

    /// The token ``encoded`` `bytes` hold; `nil` when they are not one (or hold anything after it).
    init?(decoding bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        guard buffer.readInteger(as: UInt8.self) == Self.layout, let expiresAt = buffer.readInteger(as: Int64.self),
            let contract = buffer.readText(), let unit = buffer.readText(), let issuedTo = buffer.readText(),
            let hasSubject = buffer.readInteger(as: UInt8.self), hasSubject <= 1
        else { return nil }
        var subject: String?
        if hasSubject == 1 {
            guard let text = buffer.readText() else { return nil }
            subject = text
        }
        guard let count = buffer.readInteger(as: UInt32.self) else { return nil }
        var offered: [String: [UInt8]] = [:]
        for _ in 0..<count {
            guard let field = buffer.readText(), let digest = buffer.readBytes(length: SHA256.byteCount) else {
                return nil
            }
            offered[field] = digest
        }
        guard buffer.readableBytes == 0 else { return nil }
        self.init(
            contract: contract, unit: unit, subject: subject, issuedTo: issuedTo, expiresAt: expiresAt, offered: offered
        )
    }

    /// A token offering `values` (field name and value).
    init(
        contract: String, unit: String, subject: String?, issuedTo: String, expiresAt: Int64,
        offering values: [(field: String, value: JSONValue)]
    ) {
        self.init(
            contract: contract, unit: unit, subject: subject, issuedTo: issuedTo, expiresAt: expiresAt,
            offered: Dictionary(
                values.map { ($0.field, Self.digest(of: $0.value)) }, uniquingKeysWith: { _, last in last }))
    }

    /// A token with its digests already made.
    private init(
        contract: String, unit: String, subject: String?, issuedTo: String, expiresAt: Int64, offered: [String: [UInt8]]
    ) {
        self.contract = contract
        self.unit = unit
        self.subject = subject
        self.issuedTo = issuedTo
        self.expiresAt = expiresAt
        self.offered = offered
    }
}

extension ByteBuffer {
    /// Writes `text` as UTF-8 after its length in bytes (32-bit, big-endian).
    fileprivate mutating func writeText(_ text: String) {
        writeInteger(UInt32(text.utf8.count))
        writeString(text)
    }

    /// The text ``writeText(_:)`` wrote; `nil` when the bytes end first.
    fileprivate mutating func readText() -> String? {
        guard var slice = readLengthPrefixedSlice(as: UInt32.self) else { return nil }
        return slice.readString(length: slice.readableBytes)
    }
}
