"""Plans move a due date that falls on a weekend or holiday to the last working day before it (on by
default); the assignments already stored get the date the new setting gives, unless an act set theirs."""

from django.db import migrations, models

from luoshi.workdays.calendar import WorkingDays


def move_existing_due_dates(apps, schema_editor):
    Assignment = apps.get_model("plans", "Assignment")
    DayOverride = apps.get_model("workdays", "DayOverride")
    calendar = WorkingDays(dict(DayOverride.objects.values_list("day", "is_workday")))
    rows = Assignment.objects.filter(task__deadline__isnull=False).values_list("pk", "due_on", "task__deadline")
    moves: dict[tuple, list[int]] = {}
    for pk, due_on, deadline in rows.iterator():
        new = calendar.previous_workday(deadline)
        if due_on == deadline and new != deadline:
            moves.setdefault((deadline, new), []).append(pk)
    for (old, new), ids in moves.items():
        Assignment.objects.filter(pk__in=ids, due_on=old).update(due_on=new)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_due_on_overdue_light_history"),
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="due_on_previous_workday",
            field=models.BooleanField(
                default=True,
                help_text="任务时限落在周末或节假日时，应完成日期提前到此前最后一个工作日",
                verbose_name="时限遇节假日提前",
            ),
        ),
        migrations.RunPython(move_existing_due_dates, migrations.RunPython.noop),
    ]
