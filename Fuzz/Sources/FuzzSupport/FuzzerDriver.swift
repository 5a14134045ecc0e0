import CFuzzerDriver
import Foundation

/// Starts libFuzzer from a target's `main`.
///
/// SwiftPM links each executable target's entry point as the process's `main`, which displaces the one
/// libFuzzer brings, so a target's `main` calls ``run(_:)`` with its `LLVMFuzzerTestOneInput`.
public enum FuzzerDriver {
    /// Runs libFuzzer with the process arguments on `test` and exits with its status.
    public static func run(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }
}
