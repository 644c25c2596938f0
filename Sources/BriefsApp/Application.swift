import BriefsCrypto
import BriefsDomain
import BriefsHTML
import BriefsHTTP
import BriefsServer
import BriefsStore
import Dispatch
import Foundation
import Logging
import Synchronization

/// The NewsBriefs application: routes requests to handlers over the store and the domain pipeline, and owns the
/// server, the snapshot timer and shutdown.
public final class Application: Sendable {
    public let configuration: AppConfiguration
    public let store: any ArticleStoring
    let pipeline: ArticlePipeline
    let briefs: BriefBuilder
    let router = Router(routes: Routes.all)
    let metrics = Metrics(routes: Routes.all.map(\.name))
    let cache = ResponseCache()
    let openAPIDocument: [UInt8]
    let logger: Logger
    let now: @Sendable () -> Date
    let apiTokenBytes: [UInt8]?
    /// Per-address write limiter; nil when `rate_limit_writes_per_s` is 0.
    let rateLimiter: RateLimiter?
    /// Whether the last write found the disk full or read-only (reported by `/healthz`).
    let storageHealth = StorageHealth()
    /// True from `start()` until the brief warm-up has finished (see `warmBriefs`).
    let briefWarmup = Atomic<Bool>(false)

    struct Runtime {
        var server: HTTPServer?
        var timer: TimerBox?
        var stopped = false
    }

    let runtime = Mutex(Runtime())

    /// - Parameters:
    ///   - configuration: server settings.
    ///   - config: the `Config/` folder's files (lexicons, `openapi.json`).
    ///   - store: where articles live.
    ///   - now: the clock (ingest times, ingest-date fallback for relative dates).
    public convenience init(
        configuration: AppConfiguration, config: ConfigFiles, store: any ArticleStoring, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ConfigFileError) {
        self.init(
            configuration: configuration, domain: try DomainServices(config: config), store: store, logger: logger,
            now: now)
    }

    /// - Parameter domain: the compiled lexicons and pipeline, which several applications (tests) may share.
    public init(
        configuration: AppConfiguration, domain: DomainServices, store: any ArticleStoring, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.now = now
        pipeline = domain.pipeline
        briefs = domain.briefs
        openAPIDocument = domain.openAPIDocument
        apiTokenBytes = configuration.apiToken.map { Array($0.utf8) }
        rateLimiter = RateLimiter(configuration: configuration)
    }

    // MARK: Lifecycle

    /// Starts the HTTP server and the snapshot timer. Returns the bound address.
    public func start() throws(SocketError) -> (host: String, port: Int) {
        let metrics = self.metrics
        briefWarmup.store(true, ordering: .releasing)
        let server = HTTPServer(
            host: configuration.host, port: configuration.port, limits: configuration.limits, logger: logger,
            observer: { status in metrics.record(route: "none", status: status, seconds: nil) },
            mayBlock: { [self] request in self.mayBlock(request) },
            handler: { [self] request, context in self.handle(request, context: context) })
        let address: (host: String, port: Int)
        do {
            address = try server.start()
        } catch {
            briefWarmup.store(false, ordering: .releasing)
            throw error
        }
        let warmMinimum = configuration.warmBriefMinArticles
        DispatchQueue.global(qos: .utility).async { [self] in self.warmBriefs(minimumArticles: warmMinimum) }
        var timer: TimerBox?
        if configuration.snapshotIntervalSeconds > 0 {
            let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "newsbriefs.snapshot"))
            let interval = DispatchTimeInterval.seconds(configuration.snapshotIntervalSeconds)
            source.schedule(deadline: .now() + interval, repeating: interval)
            source.setEventHandler { [self] in self.snapshotIfDirty() }
            source.resume()
            timer = TimerBox(source)
        }
        runtime.withLock {
            $0.server = server
            $0.timer = timer
        }
        return address
    }

    /// Stops accepting, finishes in-flight requests (up to the grace period), writes a snapshot. Idempotent.
    public func stop() {
        let (server, timer) = runtime.withLock { runtime -> (HTTPServer?, TimerBox?) in
            if runtime.stopped { return (nil, nil) }
            runtime.stopped = true
            return (runtime.server, runtime.timer)
        }
        timer?.source.cancel()
        server?.shutdown()
        do {
            let report = try store.writeSnapshot()
            logger.info(
                "snapshot.written",
                metadata: ["snapshot.articles": "\(report.articleCount)", "snapshot.bytes": "\(report.bytes)"])
        } catch {
            logSnapshotFailure(error)
        }
    }

    func snapshotIfDirty() {
        guard store.statistics.isDirty else { return }
        do {
            let report = try store.writeSnapshot()
            logStorageWritable()
            logger.debug("snapshot.written", metadata: ["snapshot.articles": "\(report.articleCount)"])
        } catch {
            logSnapshotFailure(error)
        }
    }

    /// A failed snapshot keeps the previous one and the journals, so nothing is lost; a full or read-only disk is a
    /// warning (it may pass), anything else an error. The message is escaped like every logged error text.
    func logSnapshotFailure(_ error: StoreError) {
        let metadata: Logger.Metadata = ["error": "\(Self.loggable(error))"]
        if error.isStorageUnavailable {
            logStorageRefused("snapshot.storage_unavailable", metadata)
        } else {
            logger.error("snapshot.failed", metadata: metadata)
        }
    }

    /// Whether a request's handler runs off the event loop: writes (the server's default: every method but `GET`,
    /// `HEAD` and `OPTIONS`, which may wait on disk), and during start-up's brief warm-up the country briefs too,
    /// which may wait there for a first build of a large country.
    func mayBlock(_ request: Request) -> Bool {
        if HTTPServer.defaultMayBlock(request) { return true }
        return request.method != "OPTIONS" && isWarmingBriefs
            && request.path.utf8.starts(with: "/v1/countries/".utf8)
    }

    /// Connections open now (0 before `start`).
    public var openConnectionCount: Int {
        runtime.withLock { $0.server }?.openConnectionCount ?? 0
    }

    // MARK: Dispatch

    /// Answers one request. Never throws: every failure becomes a problem response.
    public func handle(_ request: Request, context: RequestContext) -> Response {
        let started = ContinuousClock.now
        let routeName: String
        var response: Response
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            routeName = "none"
            response = Problems.notFound("no route for \(String(request.path.prefix(200)))").response
        case .methodNotAllowed(let allowed):
            routeName = "none"
            response = Problems.methodNotAllowed(request.method, allowed: allowed).response
        case .found(let route, let parameters):
            routeName = route.name
            do {
                try limitRate(route, context)  // before authorization, so token guessing is limited too
                try authorize(route, request)
                response = try dispatch(route, parameters, request, context)
            } catch let problem as Problem {
                response = problem.response
            } catch let error as StoreError {
                response = Problems.store(error, requestID: context.requestID).response
                logStoreError(error, status: response.status, context)
            } catch {
                // The client sees only a generic detail and the request id; the error itself goes to the log.
                response = Problems.internalError(requestID: context.requestID).response
                logger.error(
                    "request.failed",
                    metadata: ["request.id": "\(context.requestID.logEscaped)", "error": "\(Self.loggable(error))"])
            }
            if Self.isSuccessfulWrite(route, status: response.status) { logStorageWritable() }
        }
        let elapsed = (ContinuousClock.now - started).components
        let nanoseconds = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
        metrics.record(route: routeName, status: response.status, nanoseconds: nanoseconds)
        return response
    }

    /// Logs a store failure by how bad it is: a full or read-only disk is a warning (answered 503, and `/healthz`
    /// reports it), another server-side failure an error, a client's bad cursor only at debug.
    func logStoreError(_ error: StoreError, status: Int, _ context: RequestContext) {
        let metadata: Logger.Metadata = [
            "request.id": "\(context.requestID.logEscaped)", "error": "\(Self.loggable(error))",
        ]
        if error.isStorageUnavailable {
            logStorageRefused("request.storage_unavailable", metadata)
        } else if status >= 500 {
            logger.error("request.store_error", metadata: metadata)
        } else {
            logger.debug("request.store_refused", metadata: metadata)
        }
    }

    /// A full or read-only disk refuses every write until it is fixed, and each refused request would log the same
    /// line (on a disk that may hold the log too): the first refusal is a warning, later ones debug, and the first
    /// success after them is logged by `logStorageWritable()`.
    func logStorageRefused(_ message: Logger.Message, _ metadata: Logger.Metadata) {
        if storageHealth.recordRefused() {
            logger.warning(message, metadata: metadata)
        } else {
            logger.debug(message, metadata: metadata)
        }
    }

    /// Records a successful write; logs when it ends a period of refused writes.
    func logStorageWritable() {
        if storageHealth.recordWritten() { logger.notice("storage.writable_again") }
    }

    /// An error's text for a log line: its description may carry request data (a cursor), so control characters are
    /// escaped and the length is capped.
    static func loggable(_ error: any Error) -> String {
        String(describing: error).logEscaped(limit: 1000)
    }

    /// Statuses that mean a write reached the disk: a created article, a deleted one, a snapshot written.
    static func isSuccessfulWrite(_ route: Route, status: Int) -> Bool {
        switch route {
        case Routes.createArticle: return status == 201
        case Routes.deleteArticle: return status == 204
        case Routes.snapshot: return status == 200
        default: return false
        }
    }

    func authorize(_ route: Route, _ request: Request) throws(Problem) {
        guard let token = apiTokenBytes, Routes.protected.contains(route.name) else { return }
        let header = request.headers["Authorization"] ?? ""
        let prefix = "bearer "
        guard header.count > prefix.count, header.lowercased().hasPrefix(prefix),
            constantTimeEquals(Array(header.dropFirst(prefix.count).utf8), token)
        else { throw Problems.unauthorized() }
    }

    func dispatch(_ route: Route, _ parameters: RouteParameters, _ request: Request, _ context: RequestContext) throws
        -> Response
    {
        // The hot GET routes first: each case compares routes.
        switch route {
        case Routes.getCountry: return try countryBrief(parameters["country"] ?? "", request)
        case Routes.getArticle: return try articleResponse(parameters["id"] ?? "", part: .whole, request)
        case Routes.healthz: return Response(status: 200, headers: Self.jsonHeaders, body: storageHealth.healthBody)
        case Routes.metrics: return metricsResponse()
        case Routes.openAPI: return Response.json(200, openAPIDocument)
        case Routes.createArticle: return try createArticle(request)
        case Routes.listArticles: return try listArticles(request)
        case Routes.getBody: return try articleResponse(parameters["id"] ?? "", part: .body, request)
        case Routes.getFacts: return try articleResponse(parameters["id"] ?? "", part: .facts, request)
        case Routes.deleteArticle: return try deleteArticle(parameters["id"] ?? "")
        case Routes.listCountries: return try listCountries(request)
        case Routes.snapshot: return try snapshotNow()
        default: return Problems.notFound("no handler for \(route.name)").response
        }
    }

    /// `Content-Type: application/json`, built once (`Response.json` builds the field list per response).
    static let jsonHeaders = HTTPHeaders([("Content-Type", "application/json")])

    func metricsResponse() -> Response {
        let statistics = store.statistics
        let since = statistics.lastSnapshotAt.map { now().timeIntervalSince($0) }
        let text = metrics.render(
            articles: statistics.articleCount, journalBytes: statistics.journalBytes, secondsSinceSnapshot: since,
            connections: openConnectionCount)
        return Response.text(200, text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}

/// What the application needs from `Config/`, compiled once: the ingest pipeline, the brief builder and the
/// OpenAPI document.
public struct DomainServices: Sendable {
    public let pipeline: ArticlePipeline
    public let briefs: BriefBuilder
    public let openAPIDocument: [UInt8]

    public init(config: ConfigFiles) throws(ConfigFileError) {
        pipeline = try ArticlePipeline(config: config)
        briefs = try BriefBuilder(config: config)
        openAPIDocument = Array(try config.data("openapi.json"))
    }
}

/// Holds the snapshot timer. `@unchecked Sendable`: the source is created once, then only cancelled, and
/// `DispatchSource` methods are thread-safe.
final class TimerBox: @unchecked Sendable {
    let source: any DispatchSourceTimer

    init(_ source: any DispatchSourceTimer) {
        self.source = source
    }
}
