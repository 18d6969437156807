import time
def test_a(bundled_assistant):
    pass
def test_b(live_server):
    pass
