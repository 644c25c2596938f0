import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a system tool (`mount`, `umount`, `mkfs.ext4`, …) with a bounded wait.
enum SystemTool {
    struct Outcome {
        var status: Int32
        /// stdout and stderr together, for messages.
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// Runs `path` with `arguments`; a tool still running after `timeoutSeconds` is killed (status -1).
    static func run(_ path: String, _ arguments: [String], timeoutSeconds: Double = 20) -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return Outcome(status: 127, output: "\(path) not found")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return Outcome(status: 126, output: "\(path): \(error)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return Outcome(status: -1, output: "\(path) timed out after \(timeoutSeconds) s")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Outcome(status: process.terminationStatus, output: text)
    }
}

/// A small file system mounted for one test, so the server's data directory can really fill up or turn read-only.
///
/// Needs root with `CAP_SYS_ADMIN` (tests check `ScratchVolume.canMountTmpfs` first and are skipped otherwise).
/// `unmount()` must run in every outcome (call it from `defer`): it unmounts, falling back to a lazy unmount when a
/// process still holds a file there, and removes the mount point.
final class ScratchVolume {
    enum Kind {
        case tmpfs
        /// ext4 in an image file on a loop device, mounted with `errors=remount-ro`.
        case ext4(image: URL)
    }

    enum VolumeError: Error, CustomStringConvertible {
        case tool(String, SystemTool.Outcome)

        var description: String {
            switch self {
            case .tool(let what, let outcome): return "\(what) failed (\(outcome.status)): \(outcome.output)"
            }
        }
    }

    /// The mount point (the server's data directory in the tests).
    let mountPoint: URL
    let kind: Kind
    /// A scratch folder outside the mount (the ext4 image lives there).
    private let workDirectory: URL
    private var isMounted = true

    private init(mountPoint: URL, kind: Kind, workDirectory: URL) {
        self.mountPoint = mountPoint
        self.kind = kind
        self.workDirectory = workDirectory
    }

    /// Whether this process may mount a tmpfs (probed once by mounting and unmounting one).
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0, let volume = try? tmpfs(size: "64k") else { return false }
        volume.unmount()
        return true
    }()

    /// Whether an ext4 image can be made and loop-mounted here (probed once), and the kernel offers
    /// `/sys/fs/ext4/<dev>/trigger_fs_error` to force an emergency read-only remount.
    static let canMountExt4: Bool = {
        guard canMountTmpfs, let volume = try? ext4(megabytes: 8) else { return false }
        defer { volume.unmount() }
        return volume.errorTriggerPath != nil
    }()

    /// Mounts a fresh tmpfs of `size` (mount's syntax: `2m`).
    static func tmpfs(size: String) throws -> ScratchVolume {
        let work = try TestEnvironment.temporaryDirectory()
        let point = work.appendingPathComponent("mnt")
        try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        let outcome = SystemTool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", point.path])
        guard outcome.succeeded else {
            try? FileManager.default.removeItem(at: work)
            throw VolumeError.tool("mount -t tmpfs", outcome)
        }
        return ScratchVolume(mountPoint: point, kind: .tmpfs, workDirectory: work)
    }

    /// Makes an ext4 image of `megabytes` and loop-mounts it with `errors=remount-ro`.
    static func ext4(megabytes: Int) throws -> ScratchVolume {
        let work = try TestEnvironment.temporaryDirectory()
        let image = work.appendingPathComponent("volume.ext4")
        let point = work.appendingPathComponent("mnt")
        do {
            try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: image.path, contents: nil) else {
                throw VolumeError.tool("create image", SystemTool.Outcome(status: 1, output: image.path))
            }
            let handle = try FileHandle(forWritingTo: image)
            try handle.truncate(atOffset: UInt64(megabytes) * 1_048_576)
            try handle.close()
            let made = SystemTool.run("/sbin/mkfs.ext4", ["-q", "-F", image.path], timeoutSeconds: 60)
            guard made.succeeded else { throw VolumeError.tool("mkfs.ext4", made) }
            let volume = ScratchVolume(mountPoint: point, kind: .ext4(image: image), workDirectory: work)
            volume.isMounted = false
            try volume.mountExt4()
            return volume
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw error
        }
    }

    private func mountExt4() throws {
        guard case .ext4(let image) = kind else { return }
        let mounted = SystemTool.run("/bin/mount", ["-o", "loop,errors=remount-ro", image.path, mountPoint.path])
        guard mounted.succeeded else { throw VolumeError.tool("mount -o loop", mounted) }
        isMounted = true
    }

    /// `mount -o remount,OPTIONS`.
    func remount(_ options: String) -> SystemTool.Outcome {
        SystemTool.run("/bin/mount", ["-o", "remount,\(options)", mountPoint.path])
    }

    /// The device behind the mount (`/dev/loop3`), from `/proc/self/mountinfo`.
    var device: String? {
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[4] == mountPoint.path, let dash = fields.firstIndex(of: "-"),
                dash + 2 < fields.count
            else { continue }
            return String(fields[dash + 2])
        }
        return nil
    }

    /// `/sys/fs/ext4/<device>/trigger_fs_error`, when this is an ext4 volume and the kernel has it.
    var errorTriggerPath: String? {
        guard case .ext4 = kind, let device else { return nil }
        let path = "/sys/fs/ext4/\((device as NSString).lastPathComponent)/trigger_fs_error"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Makes ext4 report an error; with `errors=remount-ro` the kernel turns the mount read-only at once, even with
    /// files open for writing (which `mount -o remount,ro` refuses with EBUSY). Only unmounting undoes it.
    func forceEmergencyReadOnly() throws {
        guard let path = errorTriggerPath else {
            throw VolumeError.tool("trigger_fs_error", SystemTool.Outcome(status: 1, output: "not available"))
        }
        try Data("1".utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Whether `/proc/self/mountinfo` lists the mount as read-only now.
    var isReadOnly: Bool {
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return false }
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 5, fields[4] == mountPoint.path else { continue }
            // Mount options, then (after "-", the type and the source) the super block's: an emergency read-only
            // remount shows only there, as `emergency_ro` (or `ro`).
            var options = fields[5].split(separator: ",")
            if let dash = fields.firstIndex(of: "-"), dash + 3 < fields.count {
                options += fields[dash + 3].split(separator: ",")
            }
            return options.contains("ro") || options.contains("emergency_ro")
        }
        return false
    }

    /// For ext4 after an emergency read-only remount: unmount, `e2fsck -fy`, mount again read-write.
    /// Nothing may hold files on the volume (stop the server first).
    func repairExt4() throws {
        guard case .ext4(let image) = kind else { return }
        let unmounted = SystemTool.run("/bin/umount", [mountPoint.path])
        guard unmounted.succeeded else { throw VolumeError.tool("umount", unmounted) }
        isMounted = false
        // e2fsck exits 1 when it corrected something, which is expected after a forced error.
        let checked = SystemTool.run("/sbin/e2fsck", ["-fy", image.path], timeoutSeconds: 60)
        guard checked.status == 0 || checked.status == 1 else { throw VolumeError.tool("e2fsck", checked) }
        try mountExt4()
    }

    /// Fills the volume: writes `name` in 64 KiB, then smaller, chunks until the kernel answers ENOSPC.
    /// - Returns: the bytes written.
    @discardableResult
    func fill(with name: String = "filler") throws -> Int {
        let path = mountPoint.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var total = 0
        var chunkSize = 65_536
        let chunk = [UInt8](repeating: 0x61, count: chunkSize)
        while chunkSize >= 1 {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, chunkSize) }
            if written > 0 {
                total += written
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == ENOSPC {
                chunkSize /= 2
            } else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
        _ = fsync(fd)
        return total
    }

    /// Unmounts (lazily if something still holds the volume) and removes the scratch folders. Idempotent.
    func unmount() {
        if isMounted {
            if !SystemTool.run("/bin/umount", [mountPoint.path]).succeeded {
                _ = SystemTool.run("/bin/umount", ["-l", mountPoint.path])
            }
            isMounted = false
        }
        try? FileManager.default.removeItem(at: workDirectory)
    }

    deinit { unmount() }
}
