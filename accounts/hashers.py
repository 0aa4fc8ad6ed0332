"""Argon2id with OWASP's parameters, which need a fifth of the memory of Django's defaults."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OWASPArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet).

    Django's defaults (m=100 MiB) make every login grow a worker by 100 MB for good; hashes made
    with them still verify and are upgraded on the next login.
    """

    algorithm = "argon2"
    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
