/// Signing in to the portal through its own form.
extension BrowserSession {
    /// Opens `portal`'s sign-in page, signs in as `username` and waits until the portal lets the user in.
    func signIn(portal: String, username: String, password: String = "correct horse battery") async throws {
        try await open(portal + "/sign-in")
        try await type("#username", username)
        try await type("#password", password)
        try await click("form button.primary")
        try await waitUntil("signed in", "return location.pathname !== '/portal/sign-in'")
    }
}
