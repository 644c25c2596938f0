import Testing
@testable import BriefsStore

@Test func BriefsStorePlaceholder() { #expect(Bool(true)) }
