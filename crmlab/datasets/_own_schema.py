"""The minimal schema of a firm's own archive, and header names a firm may use for it.

A firm's own export (自有数据) rarely has every column of the synthetic world. This
module says, per table, which columns are required, which are optional, and which
category levels are the firm's own (any level accepted) or fixed because a method
relies on their meaning (a ticket is a ``complaint``, a stage is ``mature``, the
supplier rated is ``ours``). Types, units and meanings come from ``_schema.TABLES``,
so the synthetic world and a firm's archive are described by one schema.
"""
from __future__ import annotations

import re

import pandas as pd

from . import _schema as S

__all__ = ["own_data_schema", "propose_columns", "REQUIRED_COLUMNS", "FIXED_LEVELS",
           "COLUMN_SYNONYMS"]

# Required columns per table: without them no analysis of that table makes sense.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id",),
    "contacts": ("contact_id", "customer_id"),
    "orders": ("customer_id", "date", "net_revenue"),
    "invoices": ("invoice_id", "customer_id", "invoice_date", "due_date", "amount"),
    "tickets": ("ticket_id", "customer_id", "date", "type"),
    "activities": ("customer_id", "year"),
    "survey": ("response_id", "customer_id", "year"),
    "value_audit": ("customer_id", "year", "supplier"),
    "relationships": ("customer_id", "year", "stage"),
}

# Category columns whose levels a method relies on: only these levels are accepted
# (map the firm's own words onto them with ``levels=``). Every other category column
# takes the firm's own levels (industries, regions, product categories, sizes ...).
FIXED_LEVELS: dict[tuple[str, str], str] = {
    ("customers", "credit_rating"): "kam and identify read the rating's order "
                                    "(B weakest, AAA strongest)",
    ("contacts", "role"): "the buying-center analysis counts decision makers",
    ("contacts", "stance"): "the buying-center analysis counts supporters and opponents",
    ("survey", "role"): "respondents are compared by buying-center role",
    ("tickets", "type"): "complaints and service requests are counted apart",
    ("tickets", "severity"): "severity is ordered low < medium < high",
    ("relationships", "stage"): "lifecycle methods read the stage's order",
}
# Open category columns in which one level must appear, because a method looks for it.
REQUIRED_LEVELS: dict[tuple[str, str], tuple[str, ...]] = {
    ("value_audit", "supplier"): ("ours",),
}

# Bounds of numeric columns, by unit; a value outside is refused. Money that may be
# negative (a gross loss) is listed in SIGNED.
_UNIT_BOUNDS = {"1-7": (1, 7), "0-10": (0, 10), "share": (0, 1), "CNY": (0, None),
                "CNY per unit": (0, None), "days": (0, None), "hours": (0, None),
                "people": (0, None), "units": (0, None), "visits": (0, None),
                "orders": (0, None), "deliveries": (0, None), "returns": (0, None),
                "index": (0, None)}
SIGNED = {("orders", "gross_profit")}


def bounds(table: str, col) -> tuple:
    """The (low, high) bounds of a numeric column, None where open."""
    if (table, col.name) in SIGNED:
        return (None, None)
    if table == "orders" and col.name == "line":
        return (1, None)
    return _UNIT_BOUNDS.get(col.unit, (None, None))


def level_rule(table: str, col) -> str:
    """'fixed', 'open' or '' (not a category) for a column."""
    if col.dtype not in ("cat", "ordered"):
        return ""
    return "fixed" if (table, col.name) in FIXED_LEVELS else "open"


def _levels_text(table, col):
    rule = level_rule(table, col)
    if rule == "fixed":
        sep = " < " if col.dtype == "ordered" else ", "
        return "fixed: " + sep.join(col.levels)
    if rule == "open":
        must = REQUIRED_LEVELS.get((table, col.name))
        text = "the firm's own" + (" (ordered)" if col.dtype == "ordered" else "")
        return text + (f"; must include {', '.join(repr(m) for m in must)}" if must else "")
    return ""


def own_data_schema(table: str | None = None) -> pd.DataFrame:
    """The schema a firm's own archive is read through: required and optional columns.

    Parameters
    ----------
    table : str, optional
        One table (:func:`crmlab.datasets.list_datasets`); None lists all.

    Returns
    -------
    DataFrame
        One row per column: ``table``, ``column``, ``required`` (bool), ``dtype``
        (str, int, float, bool, date, cat or ordered), ``unit``, ``levels`` (for a
        category: ``fixed: ...`` when a method relies on the levels, else the firm's
        own), ``bounds`` (values outside are refused) and ``meaning``.

    Examples
    --------
    >>> schema = own_data_schema("orders")
    >>> schema.loc[schema.required, "column"].tolist()
    ['customer_id', 'date', 'net_revenue']
    """
    if table is not None and (not isinstance(table, str) or table not in S.TABLES):
        raise ValueError(f"own_data_schema: table must be one of {list(S.TABLE_NAMES)} or None; "
                         f"got {table!r}")
    rows = []
    for name in ([table] if table else S.TABLE_NAMES):
        for col in S.TABLES[name]["columns"]:
            low, high = bounds(name, col) if col.dtype in ("int", "float") else (None, None)
            span = "" if low is None and high is None else (
                f">= {low}" if high is None else f"{low} to {high}")
            rows.append({"table": name, "column": col.name,
                         "required": col.name in REQUIRED_COLUMNS[name], "dtype": col.dtype,
                         "unit": col.unit, "levels": _levels_text(name, col), "bounds": span,
                         "meaning": col.meaning})
    return pd.DataFrame(rows)


def card_own_data() -> str:
    """The data card's section on a firm's own data, in Markdown (from the schema)."""
    parts = ["A firm's own archive is read through the same schema "
             "(`crmlab.datasets.read_archive`, `World.from_tables`). Only the tables an "
             "analysis needs must be there; in each, the **required** columns must be, the "
             "others may. Category levels are the firm's own, except where a method relies "
             "on their meaning (`fixed`): map the firm's words onto them with `levels=`. "
             "Values outside the bounds are refused and listed in `world.report`. "
             "`crmlab.datasets.own_data_schema()` gives this table, with each column's "
             "meaning, as a DataFrame; the meanings are also in the column tables below.\n"]
    schema = own_data_schema()
    for name, rows in schema.groupby("table", sort=False):
        parts.append(f"### `{name}`\n")
        parts.append("| column | required | type | unit | levels / bounds |\n|---|---|---|---|---|")
        for r in rows.itertuples(index=False):
            rule = "; ".join(x for x in (r.levels, r.bounds) if x)
            parts.append(f"| `{r.column}` | {'yes' if r.required else ''} | {r.dtype} | "
                         f"{r.unit} | {rule} |")
        parts.append("")
    return "\n".join(parts)


# -- header names ------------------------------------------------------------------------

# Common English and Chinese header names for each column, compared after normalising
# (lower case, brackets such as "(元)" removed, spaces, '_', '-', '.' and '/' alike).
# A header is matched only against the columns of its own table, so '日期' is an order's
# date in orders and a ticket's date in tickets.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户编号", "客户ID", "客户代码", "客户编码", "客户号", "客户代号", "customer no",
                    "customer number", "customer code", "customer", "client id", "cust id",
                    "account id", "account no"),
    "name": ("名称", "客户名称", "公司名称", "企业名称", "姓名", "联系人", "联系人姓名",
             "company", "company name", "customer name", "contact name"),
    "industry": ("行业", "所属行业", "行业类别", "sector"),
    "region": ("地区", "区域", "所在地区", "销售区域", "area", "territory"),
    "employees": ("员工人数", "员工数", "人数", "职工人数", "headcount", "staff", "employee count"),
    "size": ("规模", "企业规模", "size class", "company size"),
    "industry_position": ("行业地位", "market position"),
    "customer_type": ("客户类型", "客户类别", "customer type", "channel"),
    "customer_since": ("合作开始日期", "首次合作日期", "建档日期", "开户日期", "合作起始日期",
                       "customer since", "start date", "since"),
    "credit_rating": ("信用等级", "信用评级", "credit rating", "rating", "credit grade"),
    "payment_terms": ("账期", "付款期限", "信用期", "payment terms", "terms", "credit days"),
    "account_manager": ("客户经理", "销售代表", "业务员", "负责人", "account manager",
                        "sales rep", "salesperson", "key account manager"),
    "contact_id": ("联系人编号", "联系人ID", "联系人代码", "contact no", "contact"),
    "role": ("角色", "采购角色", "buying role", "buying center role"),
    "stance": ("态度", "立场", "attitude"),
    "order_id": ("订单号", "订单编号", "单号", "订单ID", "order no", "order number", "order"),
    "line": ("行号", "明细行号", "序号", "line no", "line number", "item no"),
    "date": ("日期", "订单日期", "下单日期", "投诉日期", "受理日期", "创建日期", "order date",
             "created", "opened"),
    "category": ("产品类别", "品类", "产品类型", "产品大类", "类别", "product category",
                 "product group", "product line"),
    "quantity": ("数量", "销量", "订购数量", "qty", "units"),
    "list_price": ("单价", "价格", "目录价", "标价", "牌价", "unit price", "price"),
    "discount": ("折扣", "折扣率", "discount rate"),
    "net_revenue": ("金额", "销售额", "销售金额", "净销售额", "订单金额", "收入", "营业收入",
                    "revenue", "sales", "amount", "net sales", "sales amount"),
    "cost_of_goods": ("成本", "销售成本", "货物成本", "产品成本", "cogs", "cost",
                      "cost of sales"),
    "gross_profit": ("毛利", "毛利润", "毛利额", "gross profit", "margin"),
    "financial_cost": ("财务成本", "资金成本", "资金占用成本", "finance cost"),
    "rush": ("加急", "急单", "是否加急", "rush order", "expedited"),
    "on_time": ("准时交货", "按时交付", "是否准时", "on time delivery", "delivered on time"),
    "invoice_id": ("发票号", "发票编号", "发票号码", "invoice no", "invoice number", "invoice"),
    "invoice_date": ("开票日期", "发票日期", "日期", "invoice date", "date"),
    "amount": ("金额", "发票金额", "开票金额", "应收金额", "invoice amount", "amount due"),
    "due_date": ("到期日", "到期日期", "应收日期", "应付日期", "due date", "due"),
    "paid_date": ("付款日期", "回款日期", "收款日期", "到账日期", "payment date", "paid on",
                  "paid"),
    "days_late": ("逾期天数", "拖欠天数", "超期天数", "days overdue", "overdue days"),
    "ticket_id": ("工单号", "工单编号", "投诉编号", "服务单号", "ticket no", "case id", "case no"),
    "type": ("类型", "工单类型", "ticket type", "case type"),
    "topic": ("主题", "问题类别", "问题类型", "issue", "subject"),
    "severity": ("严重程度", "级别", "紧急程度", "priority"),
    "days_to_resolve": ("处理天数", "解决天数", "处理时长", "resolution days", "days to close"),
    "year": ("年份", "年度", "年", "fiscal year"),
    "visits": ("拜访次数", "走访次数", "sales visits"),
    "orders": ("订单数", "订单次数", "number of orders", "order count"),
    "deliveries": ("送货次数", "发货次数", "交货次数", "shipments"),
    "rush_orders": ("加急订单数", "急单数", "rush order count"),
    "support_hours": ("技术支持小时", "技术支持时长", "技术服务工时", "support time"),
    "returns": ("退货次数", "退货数", "return count"),
    "proactive_hours": ("主动服务小时", "主动服务时长", "preventive service hours"),
    "response_id": ("问卷编号", "答卷编号", "回复编号", "response no", "questionnaire id"),
    "supplier": ("供应商", "供应商名称", "vendor"),
    "chosen": ("主供应商", "是否选择", "main supplier"),
    "share_of_wallet": ("钱包份额", "客户占有率", "采购份额", "份额", "sow", "wallet share"),
    "stage": ("阶段", "生命周期阶段", "客户阶段", "lifecycle stage"),
    "churned": ("流失", "是否流失", "churn", "lost"),
    "churn_date": ("流失日期", "终止日期", "churn date", "end date"),
    "churn_reason": ("流失原因", "终止原因", "churn reason", "reason"),
}


def _norm(header) -> str:
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", str(header)).strip().lower()
    return re.sub(r"[\s_\-./:：]+", " ", text).strip()


def _split_words(header) -> str:
    """camelCase and PascalCase split into words: 'CustomerID' -> 'Customer ID',
    'OrderDate' -> 'Order Date', 'netRevenue' -> 'net Revenue'."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(header))
    return re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", text)


def propose_columns(source_or_tables) -> tuple[dict, pd.DataFrame]:
    """Propose a column mapping from a firm's headers to the schema; apply nothing.

    Parameters
    ----------
    source_or_tables : str, Path or dict of DataFrame
        What :func:`read_archive` reads (a CSV folder, an Excel workbook, a SQLite file)
        or a dict of DataFrames by table name.

    Returns
    -------
    columns : dict
        ``{table: {header: column}}`` for the headers that need renaming; pass it,
        after checking, as ``columns=`` to :func:`read_archive` or
        :meth:`World.from_tables`.
    proposal : DataFrame
        Every header: ``table``, ``header``, ``column`` (the proposed schema column,
        empty when none), ``how`` (``schema name``, ``synonym``, ``taken`` when another
        header already claimed the column, or ``no match``) and ``required`` (the
        column is required).

    Notes
    -----
    Headers are compared after lower-casing and removing units in brackets, with
    spaces, ``_``, ``-``, ``.`` and ``/`` alike, against the column names and the
    synonyms in ``COLUMN_SYNONYMS``; a header that matches nothing so is tried again
    split at its capitals (camelCase and PascalCase: ``CustomerID``, ``OrderDate``,
    ``NetRevenue`` read as ``customer id``, ``order date``, ``net revenue``). Required columns that no header matches are listed
    with an empty header.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame(columns=["客户编号", "订单日期", "金额(元)", "备注"])
    >>> columns, proposal = propose_columns({"orders": orders})
    >>> columns
    {'orders': {'客户编号': 'customer_id', '订单日期': 'date', '金额(元)': 'net_revenue'}}
    """
    from ._archive import read_headers
    headers = read_headers(source_or_tables, "propose_columns")
    mapping, rows = {}, []
    for table, names in headers.items():
        spec = [c.name for c in S.TABLES[table]["columns"]]
        lookup = {}
        for column in spec:  # a column's own name wins over any synonym
            lookup.setdefault(_norm(column), (column, "schema name"))
        for column in spec:
            for word in COLUMN_SYNONYMS.get(column, ()):
                lookup.setdefault(_norm(word), (column, "synonym"))
        claimed = set(names) & set(spec)
        for header in names:
            column, how = lookup.get(_norm(header)) or lookup.get(
                _norm(_split_words(header)), ("", "no match"))
            if header in spec:
                column, how = header, "schema name"
            elif column and column in claimed:
                how = "taken"
            elif column:
                claimed.add(column)
                mapping.setdefault(table, {})[header] = column
            rows.append({"table": table, "header": header, "column": column, "how": how,
                         "required": column in REQUIRED_COLUMNS[table] and how != "taken"})
        for column in REQUIRED_COLUMNS[table]:
            if column not in claimed:
                rows.append({"table": table, "header": "", "column": column,
                             "how": "required, no header", "required": True})
    return mapping, pd.DataFrame(rows, columns=["table", "header", "column", "how", "required"])
