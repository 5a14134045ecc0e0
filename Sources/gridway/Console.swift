import Foundation

/// Messages for the person (or script) running the command, on stdout unbuffered.
enum Console {
    /// Prints `line` and flushes, so a reader on a pipe sees it immediately.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
