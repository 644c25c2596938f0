import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file calls the store needs, each retrying `EINTR` and throwing `StoreError.io(call:path:errno:)`.
///
/// The store calls the kernel directly because it needs `fsync` on files and directories, `ftruncate` to roll back a
/// torn append, and real errno values (`ENOSPC`, `EROFS`) for the app to answer 503. Every call first consults
/// `faults`, so tests can make a chosen call fail without filling a disk.
struct FileSystem: Sendable {
    let faults: FaultInjector

    init(faults: FaultInjector = FaultInjector()) {
        self.faults = faults
    }

    /// Opens `path` and returns the descriptor (always with `O_CLOEXEC`).
    func openFile(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) -> Int32 {
        try faults.check("open", path: path)
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw .io(call: "open", path: path, errno: errno)
        }
    }

    func closeFile(_ fd: Int32) {
        // Linux releases the descriptor even when close fails with EINTR, so never retry it.
        _ = close(fd)
    }

    /// Writes every byte of `data` at the file's current offset (or its end with `O_APPEND`).
    /// A short write followed by an error leaves the bytes already written in place; callers roll back.
    func writeAll(_ fd: Int32, _ data: Data, path: String) throws(StoreError) {
        var limit = data.count
        var injected: Int32?
        switch faults.take("write", path: path) {
        case .fail(let code)?: throw .io(call: "write", path: path, errno: code)
        case .shortWrite(let bytes, let code)?:
            limit = min(bytes, data.count)
            injected = code
        case nil: break
        }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            while written < limit {
                let result = write(fd, base + written, limit - written)
                if result > 0 {
                    written += result
                } else if result < 0 && errno == EINTR {
                    continue
                } else {
                    return result == 0 ? EIO : errno
                }
            }
            return nil
        }
        if let code = failure ?? injected { throw .io(call: "write", path: path, errno: code) }
    }

    /// Flushes the file's data and metadata to stable storage.
    func syncFile(_ fd: Int32, path: String) throws(StoreError) {
        try faults.check("fsync", path: path)
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .io(call: "fsync", path: path, errno: errno)
        }
    }

    func truncateFile(_ fd: Int32, toBytes length: Int, path: String) throws(StoreError) {
        try faults.check("ftruncate", path: path)
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw .io(call: "ftruncate", path: path, errno: errno)
        }
    }

    /// The file's current size in bytes.
    func fileSize(_ fd: Int32, path: String) throws(StoreError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(call: "fstat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    func renameFile(_ source: String, to destination: String) throws(StoreError) {
        try faults.check("rename", path: source)
        guard rename(source, destination) == 0 else { throw .io(call: "rename", path: source, errno: errno) }
    }

    /// Removes `path`; a missing file is not an error.
    func removeFile(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .io(call: "unlink", path: path, errno: errno) }
    }

    /// Makes renames, creations and deletions inside `directory` durable (the file's own `fsync` doesn't).
    func syncDirectory(_ directory: String) throws(StoreError) {
        let fd = try openFile(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { closeFile(fd) }
        try syncFile(fd, path: directory)
    }

    /// Creates `path` and any missing parents.
    func makeDirectories(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .io(call: "mkdir", path: prefix, errno: errno)
            }
        }
    }

    /// The whole file, or nil when it doesn't exist.
    func contents(of path: String) throws(StoreError) -> Data? {
        let fd: Int32
        do throws(StoreError) {
            fd = try openFile(path, flags: O_RDONLY)
        } catch .io(_, _, let code) where code == ENOENT {
            return nil
        }
        defer { closeFile(fd) }
        var data = Data(capacity: try fileSize(fd, path: path))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw .io(call: "read", path: path, errno: errno)
            }
        }
    }

    /// Opens (creating) `path` and takes a POSIX write lock on it, so a second process can't open the same data
    /// directory. The lock belongs to the process and lasts until the returned descriptor is closed.
    /// - Throws: `StoreError.io(call: "fcntl", …)` with `EAGAIN` or `EACCES` when another process holds it.
    func lockFile(_ path: String) throws(StoreError) -> Int32 {
        let fd = try openFile(path, flags: O_RDWR | O_CREAT)
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        while fcntl(fd, F_SETLK, &lock) != 0 {
            if errno == EINTR { continue }
            let code = errno
            closeFile(fd)
            throw .io(call: "fcntl", path: path, errno: code)
        }
        return fd
    }

    /// Names of the entries in `directory` (without `.` and `..`).
    func entries(of directory: String) throws(StoreError) -> [String] {
        guard let stream = opendir(directory) else { throw .io(call: "opendir", path: directory, errno: errno) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// Failures that tests plant in `FileSystem` calls, consumed in order, one per matching call.
///
/// Production stores carry an empty injector; the check is one uncontended lock per call.
final class FaultInjector: Sendable {
    /// A planted failure.
    enum Fault: Sendable, Equatable {
        /// The call fails with `errno` and does nothing.
        case fail(errno: Int32)
        /// Only for `write`: writes the first `bytes` bytes, then fails with `errno`.
        case shortWrite(bytes: Int, errno: Int32)
    }

    private struct Plan {
        var call: String
        var pathSuffix: String
        var fault: Fault
    }

    /// Called with (call, path) before each faultable call; tests use it to count calls or hold one back.
    typealias Observer = @Sendable (_ call: String, _ path: String) -> Void

    private let plans = Mutex<[Plan]>([])
    private let observer = Mutex<Observer?>(nil)

    /// Installs `observer` (replacing any earlier one). It runs on the calling thread, outside the store's locks
    /// only where the call itself is: a `write` to the journal runs under the writer lock.
    func observe(_ observer: @escaping Observer) {
        self.observer.withLock { $0 = observer }
    }

    /// Makes the next `call` on a path ending in `pathSuffix` fail as `fault` says.
    func plant(_ fault: Fault, on call: String, pathSuffix: String = "") {
        plans.withLock { $0.append(Plan(call: call, pathSuffix: pathSuffix, fault: fault)) }
    }

    /// Removes and returns the first fault planted for `call` on `path`.
    func take(_ call: String, path: String) -> Fault? {
        observer.withLock { $0 }?(call, path)
        return plans.withLock { plans in
            guard let index = plans.firstIndex(where: { $0.call == call && path.hasSuffix($0.pathSuffix) }) else {
                return nil
            }
            return plans.remove(at: index).fault
        }
    }

    /// Throws the planted failure for `call` on `path`, if any.
    func check(_ call: String, path: String) throws(StoreError) {
        switch take(call, path: path) {
        case .fail(let code)?, .shortWrite(_, let code)?: throw .io(call: call, path: path, errno: code)
        case nil: return
        }
    }
}
