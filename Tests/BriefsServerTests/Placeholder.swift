import Testing
@testable import BriefsServer

@Test func BriefsServerPlaceholder() { #expect(Bool(true)) }
