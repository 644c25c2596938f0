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
        if let hit = cached.withLock({ $0.second == now ? $0.text : nil }) { return hit }
        let text = HTTPDate.imfFixdate(secondsSince1970: now)
        cached.withLock { $0 = (now, text) }
        return text
    }
}
