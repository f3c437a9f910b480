"""One window per data folder: a second launch asks the first to come to the front.

The lock file (``followup.lock``, see app.py) decides who owns the folder. The owner also
listens on a local socket named after the folder; a second launch that finds the folder
locked connects there and asks the owner to show its window, then exits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_MS = 500


def server_name(data_dir: Path) -> str:
    """A socket name for this data folder (and this user: the folder path is theirs)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"followup-desktop-{digest}"


class InstanceServer(QObject):
    """Listens for later launches on the same data folder; ``raise_requested`` when one asks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        # We hold the folder's lock, so a socket left by a crashed owner is stale: remove it.
        QLocalServer.removeServer(name)
        self._server.newConnection.connect(self._connected)
        self.listening = self._server.listen(name)

    def _connected(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            # The message is one short line, sent at once: wait for it here (a launch is rare).
            asked = socket.waitForReadyRead(CONNECT_MS) and bytes(
                socket.readAll().data()
            ).startswith(RAISE.strip())
            socket.abort()
            socket.deleteLater()
            if asked:
                self.raise_requested.emit()


def ask_owner_to_show(data_dir: Path) -> bool:
    """Ask the copy that owns ``data_dir`` to bring its window to the front; False if no copy
    answered (it may be starting, or be an older version)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE)
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent
