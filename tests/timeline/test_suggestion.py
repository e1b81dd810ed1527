

def test_a_confidence_reads_rounded_down_so_it_never_shows_the_threshold_it_is_under():
    from vedit_gui.timeline.suggestion import confidence_label

    assert [confidence_label(c) for c in (0.4976, 0.5, 0.07, 0.999, 1.0, 0.0, 0.29)] == [
        "49%", "50%", "7%", "99%", "100%", "0%", "29%"]
