import BriefsStore

/// `snapshot verify` through the app module, so the executable needs no store internals.
public enum SnapshotVerifier {
    public static func verify(path: String) throws(StoreError) -> Int {
        try SnapshotFile.verify(path: path)
    }
}
