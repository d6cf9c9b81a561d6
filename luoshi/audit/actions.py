"""Every act the audit record knows, with the Chinese name the auditor reads.

`record()` refuses an action that is not listed here, so a misspelt name fails in the service's own tests
instead of landing in the trail. A new act adds its member here (an ordinary code change, no migration:
the column stores the value, the label lives in code)."""

from django.db import models


class Action(models.TextChoices):
    # Plans and tasks (luoshi/plans/services/)
    CREATE_PLAN = "create_plan", "新建工作部署"
    UPDATE_PLAN = "update_plan", "修改工作部署"
    PUBLISH_PLAN = "publish_plan", "发布工作部署"
    ARCHIVE_PLAN = "archive_plan", "归档工作部署"
    ADD_TASK = "add_task", "新增任务"
    UPDATE_TASK = "update_task", "修改任务"
    DELETE_TASK = "delete_task", "删除任务"
    CANCEL_TASK = "cancel_task", "取消任务"
    ASSIGN = "assign", "交办"
    ACKNOWLEDGE = "acknowledge", "签收"
    OVERRIDE_PROGRESS = "override_progress", "人工调整进度"
    # Progress reports (luoshi/reports/services.py)
    START_REPORT = "start_report", "新建进度报送"
    SAVE_DRAFT = "save_draft", "保存报送草稿"
    ADD_EVIDENCE = "add_evidence", "上传佐证材料"
    REMOVE_EVIDENCE = "remove_evidence", "删除佐证材料"
    SUBMIT_REPORT = "submit_report", "报送"
    RETURN_REPORT = "return_report", "退回报送"
    ACCEPT_REPORT = "accept_report", "采纳报送"
    # Intake drafts (luoshi/drafts/services.py)
    CREATE_DRAFT = "create_draft", "导入文稿"
    PARSE_DRAFT = "parse_draft", "文稿解析完成"
    PARSE_DRAFT_FAILED = "parse_draft_failed", "文稿解析失败"
    PUBLISH_DRAFT = "publish_draft", "草稿发布为工作部署"
    DISCARD_DRAFT = "discard_draft", "放弃草稿"
    DRAFT_UPDATE = "draft_update", "草稿：修改部署信息"
    DRAFT_RENAME = "draft_rename", "草稿：改名"
    DRAFT_MERGE = "draft_merge", "草稿：合并条目"
    DRAFT_SPLIT = "draft_split", "草稿：拆分条目"
    DRAFT_INDENT = "draft_indent", "草稿：降级"
    DRAFT_OUTDENT = "draft_outdent", "草稿：升级"
    DRAFT_DELETE = "draft_delete", "草稿：删除条目"
    DRAFT_MOVE = "draft_move", "草稿：移动条目"
    DRAFT_SET_TIER = "draft_set_tier", "草稿：设层级"
    DRAFT_SET_UNITS = "draft_set_units", "草稿：设牵头/配合单位"
    DRAFT_RESOLVE_UNIT = "draft_resolve_unit", "草稿：认定单位"
    DRAFT_ASSIGN_UNASSIGNED = "draft_assign_unassigned", "草稿：补全责任单位"
    DRAFT_SET_DEADLINE = "draft_set_deadline", "草稿：设时限"
    DRAFT_ADD = "draft_add", "草稿：添加条目"
    DRAFT_SET_CONTENT = "draft_set_content", "草稿：修改具体内容、权重和指标"
    DRAFT_UNDO = "draft_undo", "草稿：撤销上一步修改"
    # Administrators (luoshi/org/admin.py) and the operator's command line
    ADMIN_ADD_USER = "admin_add_user", "新增账号"
    ADMIN_CHANGE_USER = "admin_change_user", "修改账号"
    ADMIN_DELETE_USER = "admin_delete_user", "删除账号"
    ADMIN_ACTIVATE_USER = "admin_activate_user", "启用账号"
    ADMIN_DEACTIVATE_USER = "admin_deactivate_user", "停用账号"
    ADMIN_RESET_PASSWORD = "admin_reset_password", "重置他人密码"
    ADMIN_ADD_UNIT = "admin_add_unit", "新增单位"
    ADMIN_CHANGE_UNIT = "admin_change_unit", "修改单位"
    ADMIN_DELETE_UNIT = "admin_delete_unit", "删除单位"
    ADMIN_ADD_DAYOVERRIDE = "admin_add_dayoverride", "新增节假日或调休"
    ADMIN_CHANGE_DAYOVERRIDE = "admin_change_dayoverride", "修改节假日或调休"
    ADMIN_DELETE_DAYOVERRIDE = "admin_delete_dayoverride", "删除节假日或调休"
    ADMIN_UNLOCK_USER = "admin_unlock_user", "解除登录锁定"
    ADMIN_END_SESSIONS = "admin_end_sessions", "注销全部会话"
    CREATE_ADMINISTRATOR = "create_administrator", "命令行创建管理员账号"
    BACKUP = "backup", "命令行备份数据库和佐证材料"
    RESTORE = "restore", "命令行恢复备份"
    # API tokens (luoshi/api/services.py)
    API_TOKEN_CREATE = "api_token_create", "创建接口令牌"
    API_TOKEN_REVOKE = "api_token_revoke", "撤销接口令牌"
    # Signing in and out, and refusals
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGIN_LOCKED_OUT = "login_locked_out", "登录被锁定"
    CHANGE_OWN_PASSWORD = "change_own_password", "修改本人密码"
    ACCESS_DENIED = "access_denied", "拒绝访问"

    @classmethod
    def of(cls, name: str) -> "Action":
        """The member named `name`; a ValueError naming it when the registry does not know it."""
        try:
            return cls(name)
        except ValueError:
            raise ValueError(f"未登记的审计操作“{name}”：请先在 luoshi/audit/actions.py 中登记") from None
