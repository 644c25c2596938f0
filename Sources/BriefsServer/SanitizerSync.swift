#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells ThreadSanitizer about the ordering a `Mutex` (Synchronization) provides.
///
/// On Linux, `Mutex` locks with raw futex system calls, which ThreadSanitizer does not see: every access made under
/// the lock from two threads is then reported as a race (`swift test --sanitize=thread`), which would drown real
/// races. Calling `acquire` first thing inside `withLock` and `release` last thing makes the edges visible.
///
/// The hooks are looked up once with `dlsym`: they exist only in a process linked with the ThreadSanitizer runtime,
/// so in a normal build both calls are a test of a nil function pointer.
public enum SanitizerSync {
    private typealias Hook = @convention(c) (UnsafeMutableRawPointer?) -> Void

    private static let acquireHook = lookUp("__tsan_acquire")
    private static let releaseHook = lookUp("__tsan_release")

    private static func lookUp(_ name: String) -> Hook? {
        // RTLD_DEFAULT is the null handle on glibc: search the whole process.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: Hook.self)
    }

    /// Call right after taking the lock that guards state owned by `owner`.
    @inline(__always)
    public static func acquire(_ owner: AnyObject) {
        guard let hook = acquireHook else { return }
        hook(Unmanaged.passUnretained(owner).toOpaque())
    }

    /// Call right before giving the lock back.
    @inline(__always)
    public static func release(_ owner: AnyObject) {
        guard let hook = releaseHook else { return }
        hook(Unmanaged.passUnretained(owner).toOpaque())
    }
}
