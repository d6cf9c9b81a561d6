"""Locust users for the load benchmark (run by bench/load/run.py, or by hand:
`locust -f bench/load/locustfile.py --host http://127.0.0.1:8000 --headless -u 16 -t 30s MixedLiaison ...`).

Accounts come from the JSON file named by LUOSHI_LOAD_ACCOUNTS ({"password", "liaison": [...],
"supervisor": [...], "leader": [...]}); every simulated user logs in through the login form once.
Requests are named by page, so the statistics come out per page.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = (
    json.loads(open(os.environ["LUOSHI_LOAD_ACCOUNTS"]).read())
    if "LUOSHI_LOAD_ACCOUNTS" in os.environ
    else {}
)
ASSIGNMENT = re.compile(r'href="/work/assignments/(\d+)/"')
REVIEW = re.compile(r'href="/work/reports/(\d+)/"')
REVISION = re.compile(r'name="revision" value="(\d+)"')

MY_TASKS = "我的任务"
LOGIN = "登录"
BARE = "bare view"


class _LoggedIn(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 1.5)  # a person reads the page before the next click

    def on_start(self):
        self.username = random.choice(ACCOUNTS[self.role])
        self.client.get("/login/", name="登录页")
        self._post(
            "/login/",
            {"username": self.username, "password": ACCOUNTS["password"]},
            LOGIN,
            referer="/login/",
        )

    def _open_one(self, listing: str, listing_name: str, pattern: re.Pattern, item: str, item_name: str):
        """Open a list page, then one of the items it links to at random: (path, page) or None."""
        ids = pattern.findall(self.client.get(listing, name=listing_name).text)
        if not ids:
            return None
        path = item.format(random.choice(ids))
        return path, self.client.get(path, name=item_name).text

    def _post(self, path: str, fields: dict, name: str, referer: str):
        token = self.client.cookies.get("csrftoken", "")
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": token, **fields},
            name=name,
            headers={"Referer": self.host + referer},
        )


class Liaison(_LoggedIn):
    """A unit's liaison: opens 我的任务, an assignment, and reports on it (start, save, submit)."""

    role = "liaison"
    weight = 6

    @task(3)
    def my_tasks(self):
        self.client.get("/work/", name=MY_TASKS)

    @task(2)
    def report(self):
        opened = self._open_one("/work/", MY_TASKS, ASSIGNMENT, "/work/assignments/{}/", "交办详情")
        if not opened:
            return
        path, page = opened
        if f"{path}acknowledge/" in page:
            self._post(f"{path}acknowledge/", {"responsible_person": "张明"}, "签收", path)
        if f"{path}report/" not in page:
            return
        response = self._post(f"{path}report/", {}, "新建报送", path)
        edit = response.url.split(self.host, 1)[-1] if response.url else ""
        revision = REVISION.search(response.text)
        if not edit.endswith("/edit/") or not revision:
            return
        fields = {
            "narrative": "本月完成专题培训两场，走访企业十二家。",
            "percent": str(random.randint(10, 90)),
        }
        saved = self._post(
            edit, {**fields, "revision": revision.group(1), "action": "save"}, "保存草稿", edit
        )
        revision = REVISION.search(saved.text)
        if revision:
            self._post(edit, {**fields, "revision": revision.group(1), "action": "submit"}, "报送", edit)


class Supervisor(_LoggedIn):
    """The deploying office: the review queue, a report, and a decision (accept)."""

    role = "supervisor"
    weight = 2

    @task
    def review(self):
        opened = self._open_one("/work/review/", "审核队列", REVIEW, "/work/reports/{}/", "审核报送")
        if opened and f"{opened[0]}accept/" in opened[1]:
            self._post(f"{opened[0]}accept/", {}, "采纳", opened[0])


class Leader(_LoggedIn):
    """A leader on the dashboard."""

    role = "leader"
    weight = 1

    @task
    def dashboard(self):
        self.client.get("/supervise/", name="领导看板")


class _OnePage(_LoggedIn):
    """One page, as fast as answers come: the throughput phases."""

    abstract = True
    role = "liaison"
    wait_time = between(0, 0)
    path = name = ""

    @task
    def page(self):
        self.client.get(self.path, name=self.name)


class MyTasksOnly(_OnePage):
    """Only 我的任务: the throughput compared with the bare view."""

    path, name = "/work/", MY_TASKS


class BareOnly(_OnePage):
    """The bare view on the same server (logged in, like the pages)."""

    path, name = "/bench/bare/", BARE
