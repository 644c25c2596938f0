import BriefsHTTP
import Logging

/// What a handler knows about the request besides the request itself.
public struct RequestContext: Sendable {
    /// The peer address as `host:port`.
    public var remoteAddress: String
    /// A per-request id for logs (`request.id`).
    public var requestID: String

    public init(remoteAddress: String, requestID: String) {
        self.remoteAddress = remoteAddress
        self.requestID = requestID
    }
}

/// Handlers run synchronously on the connection's queue.
public typealias RequestHandler = @Sendable (Request, RequestContext) -> Response

/// Told of every response the server itself sends without a handler (431, 413, 400, 503, 408 ...), for metrics.
public typealias ServerErrorObserver = @Sendable (_ status: Int) -> Void

/// An HTTP/1.1 server on POSIX sockets and Dispatch. (Skeleton: implemented in the server work.)
public final class HTTPServer: @unchecked Sendable {
    public let host: String
    public let port: Int
    public let limits: ServerLimits
    let logger: Logger
    let handler: RequestHandler
    let observer: ServerErrorObserver?

    public init(
        host: String, port: Int, limits: ServerLimits = ServerLimits(), logger: Logger,
        observer: ServerErrorObserver? = nil, handler: @escaping RequestHandler
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.logger = logger
        self.observer = observer
        self.handler = handler
    }

    /// Binds, listens and starts accepting. Returns the bound address (the real port when `port` was 0).
    public func start() throws(SocketError) -> (host: String, port: Int) {
        throw SocketError(call: "start", errno: 38)
    }

    /// Stops accepting, lets in-flight requests finish for up to `limits.shutdownGracePeriod`, closes every
    /// connection, then returns.
    public func shutdown() {}

    /// Connections open now.
    public var openConnectionCount: Int { 0 }
}

/// A failed system call.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call) failed: errno \(errno)" }
}
