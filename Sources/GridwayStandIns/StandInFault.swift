/// A misbehaviour a stand-in can be told to answer with instead of its normal answer.
public enum StandInFault: Sendable, Hashable {
    /// `500 Internal Server Error`.
    case serverError
    /// `503 Service Unavailable` with `Retry-After: <seconds>`.
    case unavailable(retryAfter: Int)
    /// `429 Too Many Requests`, with `Retry-After: <seconds>` when given.
    case tooManyRequests(retryAfter: Int?)
    /// `400 Bad Request` with `message` as the body.
    case badRequest(String)
    /// No answer for `duration`, then the normal answer: long enough to pass a caller's timeout.
    case hang(Duration)
    /// `200 OK` with a body that is not what the stand-in normally speaks.
    case garbage
    /// `200 OK` with a body of `bytes` bytes of JSON-looking text, more than a client should read.
    case hugeBody(bytes: Int)
    /// `200 OK` announcing a body, of which only the start is sent before the connection closes.
    case cutOff
}
