def test_cast_is_consistent(own_report, other_report, supervisor, liaison, other_liaison):
    assert own_report.assignment.unit == liaison.unit
    assert other_report.assignment.unit == other_liaison.unit
    assert own_report.assignment.task.plan.deploying_unit == supervisor.unit
