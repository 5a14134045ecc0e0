import Foundation

/// The `nextCursor` of a page of candidate subjects: the stored key of its last subject, as
/// base64url text, so it reads as the opaque token every other list's cursor is.
struct SubjectCursor {
    /// The stored subject key to read on after.
    let key: String

    /// The cursor for `key`.
    init(key: String) {
        self.key = key
    }

    /// Reads a cursor's text; `nil` when it is not one.
    init?(parsing text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard !text.isEmpty, text.count <= 1024, !text.contains("="), let data = Data(base64Encoded: base64),
            let key = String(data: data, encoding: .utf8), key.contains("\u{1F}")
        else { return nil }
        self.key = key
    }

    /// The cursor's text.
    var text: String {
        Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
