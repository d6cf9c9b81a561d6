import pytest
from django.utils import timezone

from luoshi.tests import factories as f


@pytest.fixture
def draft(own_assignment, liaison):
    """The own unit's acknowledged assignment with a report in draft, as the editor receives it."""
    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    return f.ReportFactory(
        assignment=own_assignment, status="draft", narrative="初稿", percent=20, revision=4
    )
