from test_keys import type_at_once
from ui_helpers import progress_loaded


async def test_p(make_app):
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:
        await progress_loaded(pilot)
        type_at_once(app, "s", "7")
        for _ in range(30):
            await pilot.pause()
        print("STACK2", app.screen_stack, app.screen.focused, app.screen.query_one("#retention").value)
