/// Every limit the server enforces, with its default and the status sent when it is breached.
public struct ServerLimits: Sendable, Equatable {
    /// Request line + header fields, in bytes. Default 16 KiB; breach → 431.
    public var maxHeaderBytes: Int
    /// Request body, in bytes, judged from `Content-Length` before reading. Default 2 MiB; breach → 413.
    public var maxBodyBytes: Int
    /// Open connections. Default 1024; one more is answered 503 and closed (it does not take a slot meanwhile).
    public var maxConnections: Int
    /// Time allowed to receive a request's head once its first byte arrived. Default 10 s; breach → 408 and close.
    public var headerTimeout: Duration
    /// Time an idle keep-alive connection stays open. Default 60 s; then it is closed silently. The same span bounds
    /// a stalled body (no byte for this long → 408 and close) and a peer that stops reading our response (close).
    public var idleTimeout: Duration
    /// The slowest body accepted, on average, in bytes per second. Default 1024; a body gets `headerTimeout` plus one
    /// second per this many bytes received, and slower → 408 and close. 0 turns the check off (only `idleTimeout`
    /// without a byte then applies). Stops a slowloris that trickles a body instead of a head.
    public var minBodyBytesPerSecond: Int
    /// How long shutdown waits for in-flight requests before closing what is left. Default 10 s.
    public var shutdownGracePeriod: Duration
    /// When set, every connection speaks TLS with this context (HTTPS); nil (the default) is plain HTTP. The
    /// handshake counts against `headerTimeout`: one not finished in time is closed without a word. It rides with
    /// the limits because they are what reaches the server from the configuration; equality is identity.
    public var tls: TLSContext?

    public init(
        maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 2 * 1024 * 1024, maxConnections: Int = 1024,
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
        shutdownGracePeriod: Duration = .seconds(10), minBodyBytesPerSecond: Int = 1024, tls: TLSContext? = nil
    ) {
        self.tls = tls
        self.minBodyBytesPerSecond = minBodyBytesPerSecond
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
