"""Commands on the connection a process keeps: sent together, answered in order, never half-read."""

import pytest

from api.own_redis import OwnConnection


class FakeConnection:
    """Records what is written to the socket; answers each command with `replies`, in order."""

    def __init__(self, replies, fail_reading_at=None):
        self.writes, self.replies, self.fail_reading_at, self.disconnects = [], list(replies), fail_reading_at, 0
        self.read = 0

    def pack_commands(self, commands):
        return [tuple(command) for command in commands]

    def send_packed_command(self, packed):
        self.writes.append(packed)

    def send_command(self, *args):
        self.writes.append([args])

    def read_response(self):
        import redis

        if self.read == self.fail_reading_at:
            raise redis.TimeoutError("Timeout reading from socket")
        self.read += 1
        return self.replies.pop(0)

    def disconnect(self):
        self.disconnects += 1


def own(connection) -> OwnConnection:
    wire = OwnConnection(pool=lambda: None)
    wire.connection = lambda: connection
    return wire


def test_several_commands_go_out_in_one_write_and_their_replies_come_back_in_order():
    connection = FakeConnection(replies=["OK", "OK", 3])
    replies = own(connection).call(("SET", "a", 1), ("SET", "b", 2), ("DBSIZE",))
    assert replies == ["OK", "OK", 3]
    assert connection.writes == [[("SET", "a", 1), ("SET", "b", 2), ("DBSIZE",)]]


def test_a_call_that_fails_half_way_drops_the_connection_so_no_reply_is_left_for_the_next_call():
    import redis

    connection = FakeConnection(replies=["OK", "OK"], fail_reading_at=1)
    with pytest.raises(redis.TimeoutError):
        own(connection).call(("SET", "a", 1), ("SET", "b", 2))
    assert connection.disconnects == 1, "the second reply was never read: the socket goes"
    assert len(connection.writes) == 1, "a timeout is not sent again: the server may have run the commands"


def test_each_process_opens_its_own_connection(monkeypatch):
    """A worker forked after the parent used the connection must not share the parent's socket."""

    class Pool:
        connection_kwargs: dict = {}

        @staticmethod
        def connection_class(**kwargs):
            return object()

    wire = OwnConnection(pool=lambda: Pool)
    parent = wire.connection()
    assert wire.connection() is parent
    monkeypatch.setattr("os.getpid", lambda: -1)
    assert wire.connection() is not parent
