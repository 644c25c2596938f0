import BriefsHTTP
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Date` field value for now, formatted at most once a second and shared by all connections.
final class DateCache: Sendable {
    private let cached = Mutex<(second: Int64, text: String)>((-1, ""))

    /// The current time as an IMF-fixdate.
    func current() -> String {
        let now = Int64(time(nil))
        if let hit = withCached({ $0.second == now ? $0.text : nil }) { return hit }
        let text = HTTPDate.imfFixdate(secondsSince1970: now)
        withCached { $0 = (now, text) }
        return text
    }

    /// `cached.withLock`, visible to ThreadSanitizer (see `SanitizerSync`).
    private func withCached<Result>(_ body: (inout (second: Int64, text: String)) -> Result) -> Result {
        cached.withLock { value in
            SanitizerSync.acquire(self)
            defer { SanitizerSync.release(self) }
            return body(&value)
        }
    }
}
