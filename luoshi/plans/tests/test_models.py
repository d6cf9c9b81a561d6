"""Model-local behaviour of plans, tasks and targets."""


def test_target_label_does_not_repeat_a_figure_the_metric_already_has(task):
    from decimal import Decimal

    from luoshi.plans.models import Target

    assert str(Target(task=task, metric="全年培训200人次", target_value=Decimal("200.00"), unit="人次")) == (
        "全年培训200人次"
    )
    assert str(Target(task=task, metric="培训统战干部", target_value=Decimal("200.00"), unit="人次")) == (
        "培训统战干部 200人次"
    )
