"""The words changed between two texts, as the change logs show them."""

from alver.lib.tekst import orddiff


def test_a_rewritten_text_reads_as_its_words_out_and_the_new_words_in():
    assert orddiff("Ventar på fylket", "Fylket har svart") == [
        ("-", "Ventar på fylket"),
        ("+", "Fylket har svart"),
    ]


def test_kept_words_stay_and_only_the_changed_ones_are_marked():
    assert orddiff("Vi skal lytte til alle.", "Vi skal høyre på alle.") == [
        (" ", "Vi skal "),
        ("-", "lytte til"),
        ("+", "høyre på"),
        (" ", " alle."),
    ]


def test_a_one_word_change_in_a_long_text_shows_its_surroundings_not_the_whole_text():
    ord_ = [f"ord{i}" for i in range(60)]
    ny = list(ord_)
    ny[30] = "NYTT"
    diff = orddiff(" ".join(ord_), " ".join(ny))
    assert ("-", "ord30") in diff and ("+", "NYTT") in diff
    assert ("…", "") in diff
    vist = "".join(t for _k, t in diff)
    assert "ord0" not in vist and "ord29" in vist and "ord31" in vist and "ord59" not in vist


def test_a_text_written_where_there_was_none():
    assert orddiff("", "Ny tekst") == [("+", "Ny tekst")]
