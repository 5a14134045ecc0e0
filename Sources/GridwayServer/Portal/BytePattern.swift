/// A byte string to find in others in time linear in their length, whatever the bytes (Knuth–Morris–Pratt):
/// no byte of the searched text is compared more than twice, so a hostile body cannot make a search quadratic.
struct BytePattern {
    let bytes: [UInt8]
    /// For each prefix of `bytes`, the length of its longest proper prefix that is also its suffix.
    private let fallback: [Int]

    /// A pattern of `bytes`, which must not be empty.
    init(_ bytes: [UInt8]) {
        precondition(!bytes.isEmpty, "an empty pattern")
        self.bytes = bytes
        var fallback = [Int](repeating: 0, count: bytes.count)
        var matched = 0
        for index in 1..<bytes.count {
            while matched > 0, bytes[index] != bytes[matched] { matched = fallback[matched - 1] }
            if bytes[index] == bytes[matched] { matched += 1 }
            fallback[index] = matched
        }
        self.fallback = fallback
    }

    /// Where the pattern first occurs in `text` at or after `start`, or `nil`; `comparisons` is increased
    /// by the byte comparisons made.
    func firstIndex(in text: ArraySlice<UInt8>, from start: Int, comparisons: inout Int) -> Int? {
        var matched = 0
        var index = max(start, text.startIndex)
        while index < text.endIndex {
            comparisons += 1
            if text[index] == bytes[matched] {
                matched += 1
                index += 1
                if matched == bytes.count { return index - matched }
            } else if matched > 0 {
                matched = fallback[matched - 1]
            } else {
                index += 1
            }
        }
        return nil
    }

    /// Where the pattern first occurs in `text` at or after `start`, or `nil`.
    func firstIndex(in text: ArraySlice<UInt8>, from start: Int) -> Int? {
        var comparisons = 0
        return firstIndex(in: text, from: start, comparisons: &comparisons)
    }
}
