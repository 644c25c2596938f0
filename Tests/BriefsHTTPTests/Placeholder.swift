import Testing
@testable import BriefsHTTP

@Test func BriefsHTTPPlaceholder() { #expect(Bool(true)) }
