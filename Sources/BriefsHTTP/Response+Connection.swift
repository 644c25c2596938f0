extension Response {
    /// True when the handler set `Connection: close`: the server closes the connection after this response
    /// (RFC 9112 §9.6). The serializer writes the field itself, so it is sent once either way.
    public var asksToClose: Bool {
        // Most responses carry no `Connection` field: one pass of length checks settles them.
        guard headers.contains(where: { asciiCaseInsensitiveEquals($0.name, "Connection") }) else { return false }
        return headers.values(for: "Connection").contains { value in
            listElements(ArraySlice(value.utf8)).contains("close")
        }
    }

    /// True when the status can be a final response this server sends (200–599; 1xx interim responses are the
    /// server's own business).
    public var hasFinalStatus: Bool { (200...599).contains(status) }
}
