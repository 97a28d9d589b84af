"""ui.slots.asyncSlot: a slot whose widget is deleted while it awaits ends quietly; any
other error still reaches qasync's handler."""

import asyncio

import shiboken6
from PySide6.QtWidgets import QLabel

from ui.slots import asyncSlot


class Answering(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.answer: asyncio.Future[str] = asyncio.get_event_loop().create_future()
        self.finished: list[str] = []

    @asyncSlot()
    async def ask(self) -> None:
        text = await self.answer
        self.setText(text)  # raises RuntimeError if the label was deleted meanwhile
        self.finished.append(text)


def test_a_slot_whose_widget_went_ends_quietly(qtbot, qasync_loop):
    label = Answering()
    answer = label.answer
    task = label.ask()
    shiboken6.delete(label)
    answer.set_result("late")
    qtbot.waitUntil(task.done, timeout=2000)
    assert task.exception() is None and task.result() is None


def test_a_slot_on_a_live_widget_runs_and_its_errors_are_not_hidden(qtbot, qasync_loop):
    label = Answering()
    qtbot.addWidget(label)
    task = label.ask()
    label.answer.set_result("on time")
    qtbot.waitUntil(task.done, timeout=2000)
    assert label.text() == "on time" and label.finished == ["on time"]

    class Failing(QLabel):
        @asyncSlot()
        async def ask(self) -> None:
            await asyncio.sleep(0)
            raise RuntimeError("a real fault")

    failing = Failing()
    qtbot.addWidget(failing)
    with qtbot.capture_exceptions() as caught:
        task = failing.ask()
        qtbot.waitUntil(task.done, timeout=2000)
        qtbot.wait(50)  # qasync reports a failed slot from the task's done callback
    assert isinstance(task.exception(), RuntimeError)
    assert any("a real fault" in str(exc) for _, exc, _ in caught)
