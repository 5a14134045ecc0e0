/// Stops the run with `message` when `condition` is false, so libFuzzer records the input as a crash.
///
/// For properties that must hold for every input a parser accepts (a value that decodes re-encodes and
/// decodes to itself), checked in release builds too.
public func invariant(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}
