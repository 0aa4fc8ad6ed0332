"""Redis commands on a connection the process keeps for them, for the calls every request makes.

A cached read counts its throttles in one `EVAL`, and a write renews its cache generations in one
round trip before and one after it. Through redis-py's client each call would also check a connection
out of the pool (with a socket poll), run its retry wrapper and record metrics: about a third of the
call's own time. `OwnConnection` keeps one `redis.Connection` per process and thread, made with the
client pool's own settings (URL, timeouts, parser), and sends the commands of a call in one write.
"""

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any


class OwnConnection:
    """`call(*commands)` sends them together and returns their replies, in order.

    A connection the server closed since its last use (a restart) is opened again once: the commands
    never reached the server. A timeout is not sent again: the server may have run them. After any
    failure the connection is dropped, so nothing half-read is left for the next call.
    """

    def __init__(self, pool: Callable[[], Any]):
        self.pool = pool  # the redis-py connection pool whose settings the connection takes
        self.local = threading.local()

    def call(self, *commands: Sequence) -> list:
        import redis  # here: the embedded default never loads it

        try:
            return self.call_on(self.connection(), commands)
        except redis.ConnectionError:  # closed by the server since its last use: once more, on a new socket
            return self.call_on(self.connection(), commands)

    @staticmethod
    def call_on(connection: Any, commands: Sequence[Sequence]) -> list:
        try:
            if len(commands) == 1:
                connection.send_command(*commands[0])
            else:
                connection.send_packed_command(connection.pack_commands(commands))
            return [connection.read_response() for _ in commands]
        except BaseException:
            connection.disconnect()  # it connects again on the next call
            raise

    def connection(self) -> Any:
        held = getattr(self.local, "held", None)
        if held is None or held[0] != os.getpid():  # a forked worker opens its own
            pool = self.pool()
            held = (os.getpid(), pool.connection_class(**pool.connection_kwargs))
            self.local.held = held
        return held[1]

    def forget(self) -> None:
        self.local = threading.local()
