from agreements.choices import Stage


def test_ksb_happy_path(proposal, drive):
    drive(proposal, Stage.PELAKSANAAN)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PELAKSANAAN
    actions = list(proposal.events.values_list("action", flat=True))
    assert actions == ["submit", "verify", "advance", "tkksd", "advance", "sign", "start"]
