import Synchronization

/// Whether the store is refusing writes because its disk is full or read-only, as last seen by a write.
///
/// Set when a write or snapshot fails with `StoreError.isStorageUnavailable`; cleared when one succeeds (a created
/// article, a deleted article, a snapshot written). Nothing probes the disk in between, so after space returns the
/// flag stays set until the next successful write. `GET /healthz` reports it as `"storage"`; the server stays live
/// (200) either way, since reads keep working and a restart would not free any space.
final class StorageHealth: Sendable {
    private let refusing = Atomic<Bool>(false)

    /// Notes a refused write. - Returns: true when writes were accepted until now (log that one loudly).
    @discardableResult
    func recordRefused() -> Bool {
        !refusing.exchange(true, ordering: .relaxed)
    }

    /// Notes a successful write. - Returns: true when writes were being refused until now.
    @discardableResult
    func recordWritten() -> Bool {
        refusing.exchange(false, ordering: .relaxed)
    }

    var isRefusingWrites: Bool {
        refusing.load(ordering: .relaxed)
    }

    /// The `/healthz` body: `{"status":"ok","storage":"ok"}` or `…"storage":"refusing_writes"}`.
    var healthBody: [UInt8] {
        isRefusingWrites ? Self.refusingBody : Self.okBody
    }

    private static let okBody = Array(#"{"status":"ok","storage":"ok"}"#.utf8)
    private static let refusingBody = Array(#"{"status":"ok","storage":"refusing_writes"}"#.utf8)
}
