import GridwayCore

extension Credential {
    /// Refuses an upstream key (403): filing and correcting reports is the grassroots' act, so only
    /// staff and admin keys submit, on every path an API key can submit through.
    func requireSubmitter() throws(Problem) {
        if case .upstream = role {
            throw .wrongRole(
                self, needs: "a staff or admin credential: upstream keys receive reports, they do not file them")
        }
    }
}
