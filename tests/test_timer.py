"""The interval timer's logic on a fake clock: no sleeping, no terminal."""

from __future__ import annotations

import pytest
from hht.errors import UsageError
from hht.rules.intervals import HOLD, JOG, REST, WALK, Interval, holds, mmss, walk_jog
from hht.rules.timer import Schedule, Timer, countdown, speed_from


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make(intervals, speed: float = 1.0):
    clock = FakeClock()
    timer = Timer(Schedule(intervals), clock, speed)
    return clock, timer


def test_walk_jog_is_sets_of_walk_then_jog():
    session = walk_jog(5, 1, 3)
    assert [(i.kind, i.seconds) for i in session] == [(WALK, 300), (JOG, 60)] * 3
    assert session[3].label == "Jog 2 of 3"
    assert Schedule(session).total == 18 * 60


def test_holds_rest_between_holds_and_longer_between_sets():
    session = holds(10, reps=2, sets=2, rest_seconds=5, set_rest_seconds=60)
    assert [(i.kind, i.seconds) for i in session] == [
        (HOLD, 10),
        (REST, 5),
        (HOLD, 10),
        (REST, 60),
        (HOLD, 10),
        (REST, 5),
        (HOLD, 10),
    ]
    assert session[0].label == "Hold 1 of 2, set 1 of 2"
    assert session[3].label == "Rest before set 2"


def test_zero_length_intervals_are_dropped():
    schedule = Schedule([Interval(WALK, 0, "Walk"), Interval(JOG, 30, "Jog")])
    assert len(schedule) == 1 and schedule.total == 30


def test_the_current_interval_and_time_left_follow_the_clock():
    clock, timer = make(walk_jog(5, 1, 2))
    timer.start()
    assert timer.position().interval.label == "Walk 1 of 2"
    assert timer.position().left == 300
    clock.advance(299.5)
    assert timer.position().interval.label == "Walk 1 of 2"
    assert countdown(timer.position().left) == "0:01"
    clock.advance(0.5)  # exactly at the boundary: the next interval has begun
    position = timer.position()
    assert position.interval.label == "Jog 1 of 2" and position.left == 60
    assert position.following.label == "Walk 2 of 2"
    clock.advance(60 + 300 + 59)
    position = timer.position()
    assert position.interval.label == "Jog 2 of 2" and position.following is None
    assert position.elapsed == 719 and position.total == 720


def test_nothing_moves_before_start():
    clock, timer = make(walk_jog(1, 1, 1))
    clock.advance(500)
    assert timer.elapsed() == 0 and not timer.paused and not timer.running


def test_pause_freezes_the_session_and_resume_carries_on():
    clock, timer = make(walk_jog(5, 1, 1))
    timer.start()
    clock.advance(100)
    timer.toggle()  # space: pause
    assert timer.paused and timer.elapsed() == 100
    clock.advance(1000)  # a long pause changes nothing
    assert timer.elapsed() == 100 and timer.position().interval.kind == WALK
    timer.toggle()  # space: resume
    assert timer.running
    clock.advance(250)
    assert timer.elapsed() == 350
    assert timer.position().interval.kind == JOG and timer.position().left == 10


def test_pausing_twice_and_resuming_twice_are_harmless():
    clock, timer = make(walk_jog(5, 1, 1))
    timer.start()
    clock.advance(10)
    timer.pause()
    timer.pause()
    clock.advance(10)
    timer.resume()
    timer.resume()
    clock.advance(10)
    assert timer.elapsed() == 20


def test_a_bell_at_the_start_at_each_change_and_at_the_end():
    clock, timer = make([Interval(HOLD, 10, "Hold"), Interval(REST, 5, "Rest"), Interval(HOLD, 10, "Hold")])
    timer.start()
    bells = []
    for _ in range(30):  # one tick a second
        tick = timer.tick()
        bells.append(tick.bell)
        clock.advance(1)
    rang_at = [second for second, bell in enumerate(bells) if bell]
    assert rang_at == [0, 10, 15, 25]  # start, rest, hold, end
    assert timer.finished and timer.tick().position.done


def test_one_bell_when_a_tick_skips_over_several_changes():
    clock, timer = make([Interval(WALK, 1, "a"), Interval(JOG, 1, "b"), Interval(WALK, 10, "c")])
    timer.start()
    assert timer.tick().bell
    clock.advance(5)
    tick = timer.tick()
    assert tick.bell and tick.position.interval.label == "c"
    assert not timer.tick().bell


def test_the_end_stops_the_clock_and_space_cannot_restart_it():
    clock, timer = make(walk_jog(1, 1, 1))
    timer.start()
    clock.advance(500)
    tick = timer.tick()
    assert tick.position.done and tick.position.elapsed == 120
    timer.toggle()
    clock.advance(100)
    assert timer.elapsed() == 120 and timer.finished and not timer.paused


def test_speed_runs_the_session_faster():
    clock, timer = make(walk_jog(5, 1, 1), speed=60)
    timer.start()
    clock.advance(5)  # five real seconds are five session minutes
    assert timer.position().interval.kind == JOG and timer.elapsed() == 300


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600 + 62, "1:01:02")])
def test_mmss(seconds, text):
    assert mmss(seconds) == text


def test_countdown_rounds_up():
    assert countdown(0.2) == "0:01" and countdown(60) == "1:00" and countdown(0) == "0:00"


def test_speed_from_the_environment():
    assert speed_from({}) == 1.0
    assert speed_from({"HHT_TIMER_SPEED": "60"}) == 60.0
    for bad in ("fast", "0", "-2", "nan", "100000"):
        with pytest.raises(UsageError, match="HHT_TIMER_SPEED must be a number"):
            speed_from({"HHT_TIMER_SPEED": bad})
