import Testing
@testable import BriefsHTML

@Test func BriefsHTMLPlaceholder() { #expect(Bool(true)) }
