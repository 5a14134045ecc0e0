import Foundation

/// Base64url encoding without padding (RFC 4648 §5).
public enum Base64URL {
    /// Encodes bytes as unpadded base64url.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of unpadded (or padded) base64url text; `nil` when it is not base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(Substring(text))
    }

    /// The bytes of unpadded (or padded) base64url text; `nil` when it is not base64url. Reads the
    /// text's UTF-8 bytes directly, and takes a concrete type, not a generic one another module
    /// would call unspecialized: it sits on the submission path (prefill tokens).
    public static func decode(_ text: Substring) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        var digits = 0
        var padding = false
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                padding = true
                continue
            default: return nil
            }
            guard !padding else { return nil }
            digits += 1
            buffer = (buffer << 6 | UInt32(value)) & 0xFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> bits))
            }
        }
        return digits % 4 == 1 ? nil : output
    }
}
