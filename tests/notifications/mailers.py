"""Test mail backends: the locmem outbox, with failures or a slow send on demand."""

from __future__ import annotations

import threading
import time
from smtplib import SMTPServerDisconnected
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Fails the next ``failures_left`` sends (set by the test), then delivers."""

    failures_left: ClassVar[int] = 0
    lock: ClassVar[threading.Lock] = threading.Lock()

    def send_messages(self, messages: Any) -> int:
        with FlakyBackend.lock:
            if FlakyBackend.failures_left > 0:
                FlakyBackend.failures_left -= 1
                raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """Takes ``delay`` seconds to send, so two workers really overlap."""

    delay: ClassVar[float] = 0.5

    def send_messages(self, messages: Any) -> int:
        time.sleep(SlowBackend.delay)
        return super().send_messages(messages)
