"""A class: seats for learners (each with a secret link and its own progress database), the limits of a served
classroom, and the instructor's class report. Pure: no textual, no web server.

- `seats`: the class folder, `Seat`, tokens (only their SHA-256 is stored), add/relink/remove.
- `limiter`: slows down an address that keeps presenting bad tokens.
- `sessions`: who is connected: one session per seat, at most N at once, idle sessions found by the clock.
- `report`: every learner's figures and the class's question statistics, from the seats' databases.
"""
