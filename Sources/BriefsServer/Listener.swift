import Dispatch
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Accepts connections on a listening socket and hands each to `onAccept`.
///
/// Confinement: every stored `var` is touched only on `queue` (the read source's handler and the back-off timer run
/// there; `stop()` gets there with `queue.sync`). That is the invariant behind `@unchecked Sendable`.
final class Listener: @unchecked Sendable {
    let queue: DispatchQueue
    private let socket: Socket
    private let logger: Logger
    private let onAccept: @Sendable (Socket, String) -> Void
    private var source: DispatchSourceRead?
    private var isSuspended = true
    private var backoff = AcceptBackoff()
    private var isStopped = false

    /// Most connections taken per wake-up, so a flood cannot starve the back-off timer.
    static let acceptBatch = 256

    init(socket: Socket, logger: Logger, onAccept: @escaping @Sendable (Socket, String) -> Void) {
        self.socket = socket
        self.logger = logger
        self.onAccept = onAccept
        self.queue = DispatchQueue(label: "newsbriefs.listener")
    }

    func start() {
        queue.sync {
            let source = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
            source.setEventHandler { [self] in acceptPending() }
            source.setCancelHandler { [socket] in socket.close() }
            self.source = source
            isSuspended = false
            source.resume()
        }
    }

    /// Stops accepting; the descriptor is closed by the source's cancel handler. Must not be called on `queue`.
    func stop() {
        queue.sync {
            guard !isStopped else { return }
            isStopped = true
            if let source {
                if isSuspended { source.resume() }
                source.cancel()
            }
            source = nil
        }
    }

    private func acceptPending() {
        dispatchPrecondition(condition: .onQueue(queue))
        for _ in 0..<Self.acceptBatch {
            guard !isStopped else { return }
            do {
                guard let (client, peer) = try socket.accept() else {
                    backoff.reset()
                    return
                }
                backoff.reset()
                onAccept(client, peer)
            } catch  where error.isResourceExhaustion {
                pause(after: error)
                return
            } catch {
                // ECONNABORTED, EPROTO and kin concern one connection only; keep accepting.
                logger.debug("accept.failed", metadata: ["error": "\(error)"])
                if !error.isHangUp && error.errno != EPROTO && error.errno != EPERM {
                    pause(after: error)
                    return
                }
            }
        }
    }

    /// Out of descriptors: stop watching the socket (it stays readable, so the source would spin) and retry later.
    private func pause(after error: SocketError) {
        let delay = backoff.next()
        logger.warning("accept.paused", metadata: ["error": "\(error)", "accept.delay": "\(delay)"])
        if !isSuspended, let source {
            isSuspended = true
            source.suspend()
        }
        queue.asyncAfter(deadline: .now() + delay.dispatchInterval) { [self] in
            guard !isStopped, isSuspended, let source else { return }
            isSuspended = false
            source.resume()
        }
    }
}
