/// Why a date format could not be read: where in the text, and why.
struct DateFormatError: Error, Sendable {
    /// The offset, in characters, of the problem.
    var offset: Int
    /// What is wrong.
    var reason: String
}
