"""Development tools shared by the tests and the benchmark; never imported by the service itself."""
