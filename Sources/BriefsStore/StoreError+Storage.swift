import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension StoreError {
    /// Whether the disk refused the write for a reason that may pass (full, over quota, mounted read-only), so the
    /// app should answer 503 rather than 500. The failed write was not applied; later writes succeed once space
    /// returns.
    public var isStorageUnavailable: Bool {
        guard case .io(_, _, let code) = self else { return false }
        return code == ENOSPC || code == EDQUOT || code == EROFS
    }

    /// Whether `ArticleStore.open` failed because another process has the data directory open.
    public var isDirectoryInUse: Bool {
        guard case .io(let call, _, let code) = self else { return false }
        return call == "fcntl" && (code == EAGAIN || code == EACCES)
    }
}
