from ropa.inspect.listing import Filters, list_activities


def test_rows_of_the_sample(sample_report):
    rows = {r.id: r for r in list_activities(sample_report)}
    assert list(rows) == ["web-analytics", "web-server-logs"]
    analytics = rows["web-analytics"]
    assert analytics.name == "Web analytics"
    assert analytics.legal_bases == ("art6-1-a",)
    assert analytics.recipients == ("analytics-inc",)
    assert analytics.third_countries == ("US",)
    assert rows["web-server-logs"].third_countries == ()
    assert list_activities(sample_report, lang="de")[1].name == "Server-Logdateien"


def test_filters(sample_report):
    ids = lambda **kw: [r.id for r in list_activities(sample_report, Filters(**kw))]  # noqa: E731
    assert ids(basis="art6-1-f") == ["web-server-logs"]
    assert ids(basis="art6") == ["web-analytics", "web-server-logs"]
    assert ids(country="us") == ["web-analytics"]
    assert ids(country="DE") == ["web-server-logs"]  # the hoster is in Germany
    assert ids(recipient="hoster") == ["web-server-logs"]
    assert ids(data_category="ip-address") == ["web-analytics", "web-server-logs"]
    assert ids(data_subject="customers") == []
    assert ids(status="planned") == []
    assert ids(organisation="example", text="REICHWEITE") == ["web-analytics"]
    assert ids(text="fehlerfreie") == ["web-server-logs"]


def test_sorting(sample_report):
    assert [r.id for r in list_activities(sample_report, sort="id", reverse=True)] == [
        "web-server-logs", "web-analytics"]
    assert [r.id for r in list_activities(sample_report, sort="review_due")][0] == "web-server-logs"
    import pytest

    with pytest.raises(ValueError):
        list_activities(sample_report, sort="colour")


def test_facts42_every_activity_listed(facts42_report):
    rows = list_activities(facts42_report)
    assert [r.id for r in rows] == sorted(facts42_report.registry.activities)
    for row in rows:
        assert row.open_findings == len([f for f in facts42_report.for_target(row.id) if not f.waived])
