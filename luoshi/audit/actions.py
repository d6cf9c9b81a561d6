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
    # 督办事项 and the 督办 loop (luoshi/items/services/)
    REGISTER_ITEM = "register_item", "登记督办事项"
    APPROVE_ITEM = "approve_item", "领导审核通过督办事项"
    REJECT_ITEM = "reject_item", "领导审核退回督办事项"
    RESUBMIT_ITEM = "resubmit_item", "修改后重新报领导审核"
    ANSWER_PROPOSAL = "answer_proposal", "上传建议提案答复件"
    RATE_PROPOSAL = "rate_proposal", "登记提出人评价"
    REQUEST_EXTENSION = "request_extension", "申请延期"
    DECIDE_EXTENSION = "decide_extension", "审批延期申请"
    REQUEST_CLOSE_OUT = "request_close_out", "申请办结"
    VERIFY_CLOSE_OUT = "verify_close_out", "复核办结申请"
    REOPEN_TASK = "reopen_task", "重新启动已销号事项"
    ADD_MILESTONE = "add_milestone", "新增节点"
    COMPLETE_MILESTONE = "complete_milestone", "节点完成"
    ADMIN_ADD_TIMELIMIT = "admin_add_timelimit", "新增督办时限预设"
    ADMIN_CHANGE_TIMELIMIT = "admin_change_timelimit", "修改督办时限预设"
    ADMIN_DELETE_TIMELIMIT = "admin_delete_timelimit", "删除督办时限预设"
    # Documents and Excel returns (luoshi/documents/)
    EXPORT_BULLETIN = "export_bulletin", "导出通报"
    EXPORT_TABLE = "export_table", "导出报表"
    IMPORT_RETURNS = "import_returns", "导入报送表"
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
    MOVE_DUE_DATES = "move_due_dates", "节假日调整后移动应完成日期"
    ADMIN_UNLOCK_USER = "admin_unlock_user", "解除登录锁定"
    ADMIN_END_SESSIONS = "admin_end_sessions", "注销全部会话"
    CREATE_ADMINISTRATOR = "create_administrator", "命令行创建管理员账号"
    BACKUP = "backup", "命令行备份数据库和佐证材料"
    RESTORE = "restore", "命令行恢复备份"
    # API tokens (luoshi/api/services.py)
    API_TOKEN_CREATE = "api_token_create", "创建接口令牌"
    API_TOKEN_REVOKE = "api_token_revoke", "撤销接口令牌"
    # 催办 and notifications (luoshi/supervise/services.py, luoshi/notify)
    CHASE = "chase", "人工催办"
    NOTIFY_RETRY = "notify_retry", "重新发送通知"
    ADMIN_ADD_UNITCONTACT = "admin_add_unitcontact", "新增单位联系人"
    ADMIN_CHANGE_UNITCONTACT = "admin_change_unitcontact", "修改单位联系人"
    ADMIN_DELETE_UNITCONTACT = "admin_delete_unitcontact", "删除单位联系人"
    # Assessment (luoshi/assess/services/)
    CREATE_SCHEME = "create_scheme", "新建考核方案"
    ADD_INDICATOR = "add_indicator", "考核方案新增指标"
    ADD_VETO_ITEM = "add_veto_item", "新增一票否决事项"
    PUBLISH_SCHEME = "publish_scheme", "发布考核方案"
    REVISE_SCHEME = "revise_scheme", "修订考核方案"
    RECOMPUTE_SCORES = "recompute_scores", "重新计算考核得分"
    SAVE_SELF_ASSESSMENT = "save_self_assessment", "保存自评"
    SUBMIT_SELF_ASSESSMENT = "submit_self_assessment", "提交自评"
    REVIEW_SCORE = "review_score", "审核评分"
    ADVANCE_ASSESSMENT = "advance_assessment", "考核转入下一环节"
    FILE_APPEAL = "file_appeal", "申请复核"
    ANSWER_APPEAL = "answer_appeal", "答复复核申请"
    CLAIM_BONUS = "claim_bonus", "登记加分"
    ADD_DEDUCTION = "add_deduction", "登记扣分"
    RATE_UNIT = "rate_unit", "考核评分"
    FIND_VETO = "find_veto", "认定一票否决"
    NOMINATE_BRAND = "nominate_brand", "推荐工作品牌"
    REVIEW_BRAND = "review_brand", "审核工作品牌"
    RECOGNISE_BRAND = "recognise_brand", "登记品牌认定"
    # Signing in and out, and refusals
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGIN_LOCKED_OUT = "login_locked_out", "登录被锁定"
    CHANGE_OWN_PASSWORD = "change_own_password", "修改本人密码"
    # The second factor (luoshi/org/twofactor.py)
    SECOND_FACTOR_ENROL = "second_factor_enrol", "启用双因素验证"
    SECOND_FACTOR_PASSED = "second_factor_passed", "双因素验证通过"
    SECOND_FACTOR_FAILED = "second_factor_failed", "双因素验证失败"
    SECOND_FACTOR_RECOVERY_CODES = "second_factor_recovery_codes", "重新生成恢复码"
    SECOND_FACTOR_RESET = "second_factor_reset", "重置双因素验证"
    ACCESS_DENIED = "access_denied", "拒绝访问"
    # 逐级分解 (luoshi/plans/services/cascade.py)
    CASCADE_ASSIGNMENT = "cascade_assignment", "逐级分解"
    OVERRIDE_ASSIGNMENT_PROGRESS = "override_assignment_progress", "人工调整分解进度"
    # Registers (luoshi/registers/services/)
    REGISTER_RISK = "register_risk", "登记风险"
    ADD_REPRESENTATIVE = "add_representative", "登记党外代表人士"
    IMPORT_REPRESENTATIVES = "import_representatives", "导入党外代表人士名册"
    CHANGE_STAGE = "change_stage", "调整党外代表人士队伍阶段"
    VIEW_PERSONAL_DATA = "view_personal_data", "查看完整个人信息"
    # 左右协同 (luoshi/reports/collaboration.py)
    ASK_INPUT = "ask_input", "征求配合单位意见"
    ANSWER_INPUT = "answer_input", "配合单位答复"
    # 四责协同 (luoshi/plans/services/duties.py)
    SET_DUTIES = "set_duties", "明确四责"

    @classmethod
    def of(cls, name: str) -> "Action":
        """The member named `name`; a ValueError naming it when the registry does not know it."""
        try:
            return cls(name)
        except ValueError:
            raise ValueError(f"未登记的审计操作“{name}”：请先在 luoshi/audit/actions.py 中登记") from None
