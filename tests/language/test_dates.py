import pytest

from qa.language.dates import parse_date
from qa.ingestion.textclean import date_marker, split_leading_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("01 November 2023", "2023-11-01"),
        ("November 1, 2023", "2023-11-01"),
        ("Nov. 1, 2023", "2023-11-01"),
        ("1st of November 2023", "2023-11-01"),
        ("2025-08-13", "2025-08-13"),
        ("2025-08-13T09:30:00+05:00", "2025-08-13"),
        ("2024/02/29", "2024-02-29"),
        ("2023-02-30", None),
        ("no date here", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_date_marker_lines():
    assert date_marker("Updated 01 November 2023") == "2023-11-01"
    assert date_marker("Published: November 1, 2023 10:42 PKT") == "2023-11-01"
    assert date_marker("Updated the rules on 1 November 2023 for every school in the district") is None
    assert split_leading_date(" date 2025-08-13 Azerbaijani defence chief") == ("2025-08-13", "Azerbaijani defence chief")
