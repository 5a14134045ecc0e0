#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Converts bytes between charsets with the C library's iconv.
enum Iconv {
    /// Why a conversion stopped.
    enum Failure: Error {
        /// iconv does not know one of the two charsets.
        case unavailable
        /// The input has an invalid sequence starting at this offset.
        case invalid(offset: Int)
        /// The input ends in the middle of a sequence starting at this offset.
        case truncated(offset: Int)
    }

    /// Converts all of `input` from the charset `source` to the charset `target` (iconv names).
    static func convert(_ input: [UInt8], from source: String, to target: String) -> Result<[UInt8], Failure> {
        if input.isEmpty { return .success([]) }
        guard let descriptor = iconv_open(target, source), descriptor != UnsafeMutableRawPointer(bitPattern: -1) else {
            return .failure(.unavailable)
        }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2)
        // Room for the worst case of GB18030 ↔ UTF-8 (two bytes out per byte in) plus slack; a full
        // buffer is drained and the call repeated all the same.
        var chunk = [UInt8](repeating: 0, count: min(input.count * 2 + 16, 1 << 20))
        var consumed = 0
        while true {
            let (read, written, code) = input.withUnsafeBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        mutating: source.baseAddress! + consumed
                    ).assumingMemoryBound(to: CChar.self)
                    var inLeft = source.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(target.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = target.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (source.count - consumed - inLeft, target.count - outLeft, result == -1 ? errno : 0)
                }
            }
            consumed += read
            output.append(contentsOf: chunk[..<written])
            switch code {
            case 0: return .success(output)
            case E2BIG: continue
            case EINVAL: return .failure(.truncated(offset: consumed))
            default: return .failure(.invalid(offset: consumed))
            }
        }
    }
}
