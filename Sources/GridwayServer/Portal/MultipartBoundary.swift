import Foundation
import GridwayJSON
import HTTPTypes
import OrderedCollections

/// The boundary of a `multipart/form-data` body, from its content type, checked against RFC 2046
/// (1 to 70 characters of its set, not ending in a space) before any of the body is read.
struct MultipartBoundary {
    /// The longest boundary RFC 2046 allows.
    static let maxLength = 70
    private static let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)

    /// `--` and the boundary: what precedes each part.
    let delimiter: [UInt8]

    /// The boundary parameter of `contentType`: 415 without one, 400 if RFC 2046 does not allow it.
    init(contentType: String?) throws(Problem) {
        guard let contentType, let range = contentType.range(of: "boundary=") else {
            throw Problem.unsupportedMediaType(contentType)
        }
        var boundary = Substring(contentType[range.upperBound...].prefix { $0 != ";" })
        if boundary.count >= 2, boundary.hasPrefix("\""), boundary.hasSuffix("\"") {
            boundary = boundary.dropFirst().dropLast()
        }
        let bytes = Array(boundary.utf8)
        guard (1...Self.maxLength).contains(bytes.count), bytes.allSatisfy(Self.allowed.contains), bytes.last != 0x20
        else {
            throw Problem(
                .badRequest, .invalidMultipartBoundary, title: "Invalid multipart boundary",
                detail:
                    "a multipart boundary is 1 to \(Self.maxLength) characters (RFC 2046); this one is \(bytes.count)",
                extensions: ["maxLength": .integer(Int64(Self.maxLength))])
        }
        delimiter = Array("--".utf8) + bytes
    }
}
