"""A firm's own archive: reading, validating, mapping and writing it back."""
import sqlite3

import pandas as pd
import pytest

from crmlab import identify, segment
from crmlab.datasets import (ArchiveReport, World, load_world, make_world, own_data_schema,
                             propose_columns, read_archive, write_archive)
from crmlab.datasets import _io, _own_schema, _schema

ASOF = "2025-12-31"

# The firm's headers (Chinese) for some columns of every table; the rest keep the schema's names.
CHINESE = {
    "customers": {"客户编号": "customer_id", "客户名称": "name", "行业": "industry",
                  "地区": "region", "信用等级": "credit_rating", "合作开始日期": "customer_since"},
    "contacts": {"联系人编号": "contact_id", "客户编号": "customer_id", "角色": "role"},
    "orders": {"订单号": "order_id", "行号": "line", "客户编号": "customer_id",
               "订单日期": "date", "产品类别": "category", "数量": "quantity",
               "金额": "net_revenue", "加急": "rush"},
    "invoices": {"发票号": "invoice_id", "客户编号": "customer_id", "开票日期": "invoice_date",
                 "发票金额": "amount", "到期日": "due_date", "付款日期": "paid_date"},
    "tickets": {"工单号": "ticket_id", "客户编号": "customer_id", "日期": "date", "类型": "type"},
    "activities": {"客户编号": "customer_id", "年份": "year", "拜访次数": "visits"},
    "survey": {"问卷编号": "response_id", "客户编号": "customer_id", "年份": "year"},
    "value_audit": {"客户编号": "customer_id", "年份": "year", "供应商": "supplier",
                    "客户占有率": "share_of_wallet"},
    "relationships": {"客户编号": "customer_id", "年份": "year", "阶段": "stage",
                      "流失日期": "churn_date"},
}


@pytest.fixture(scope="module")
def shipped():
    return load_world()


@pytest.fixture(scope="module")
def small():
    return make_world(n_customers=60, seed=1)


def assert_same_world(read, world):
    assert set(read.tables()) == set(world.tables())
    for name, frame in world.tables().items():
        pd.testing.assert_frame_equal(getattr(read, name), frame, obj=name)


def assert_same_results(read, world):
    pd.testing.assert_frame_equal(identify.customer_archive(read, asof=ASOF),
                                  identify.customer_archive(world, asof=ASOF))
    pd.testing.assert_frame_equal(segment.rfm(read.orders, ASOF), segment.rfm(world.orders, ASOF))
    pd.testing.assert_frame_equal(identify.pareto_table(read.orders, "net_revenue"),
                                  identify.pareto_table(world.orders, "net_revenue"))


# -- round trip ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, name", [("csv", "archive"), ("sqlite", "archive.sqlite")])
def test_shipped_world_round_trips_with_chinese_headers(shipped, tmp_path, fmt, name):
    path = write_archive(shipped, tmp_path / name, fmt, columns=CHINESE)
    if fmt == "csv":
        header = (path / "orders.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.startswith("订单号,行号,客户编号,订单日期")
    else:
        with sqlite3.connect(path) as con:
            names = [r[1] for r in con.execute("pragma table_info(orders)")]
            pk = [r[1] for r in con.execute("pragma table_info(orders)") if r[5] > 0]
        assert names[:4] == ["订单号", "行号", "客户编号", "订单日期"] and pk == ["订单号", "行号"]
    with pytest.raises(ValueError, match="lacks required column"):
        read_archive(path)  # the Chinese headers are not guessed
    read = read_archive(path, columns=CHINESE)
    assert read.truth is None and read.seed is None
    assert read.report.refused.empty and read.report.notes.empty
    assert (read.report.counts["refused"] == 0).all()
    assert_same_world(read, shipped)
    assert_same_results(read, shipped)


def test_small_world_round_trips_through_excel(small, tmp_path):
    path = write_archive(small, tmp_path / "archive.xlsx", "excel", columns=CHINESE)
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == list(_schema.TABLE_NAMES)
    assert next(book["orders"].iter_rows(max_row=1, values_only=True))[3] == "订单日期"
    book.close()
    read = read_archive(path, columns=CHINESE)
    assert_same_world(read, small)
    assert_same_results(read, small)


def test_flat_mapping_and_plain_round_trip(small, tmp_path):
    flat = {"客户编号": "customer_id", "年份": "year"}
    path = write_archive(small, tmp_path / "flat", "csv", columns=flat)
    read = read_archive(path, columns=flat)
    assert_same_world(read, small)
    assert read.report.columns["orders"] == {"客户编号": "customer_id"}


def test_from_tables_keeps_the_generated_world_and_leaves_the_input_alone(small):
    orders = small.orders.copy()
    world = World.from_tables(**small.tables())
    assert_same_world(world, small)
    pd.testing.assert_frame_equal(small.orders, orders)
    assert isinstance(world.report, ArchiveReport)
    assert small.report is None and small.truth is not None


# -- only what an analysis needs -----------------------------------------------------------

def only_customers_and_orders(world):
    customers = world.customers[["customer_id", "industry", "customer_since"]]
    orders = world.orders[["order_id", "customer_id", "date", "quantity", "net_revenue"]]
    return World.from_tables(customers=customers, orders=orders)


def test_customers_and_orders_alone_serve_pareto_abc_and_rfm(small):
    world = only_customers_and_orders(small)
    assert world.invoices is None and world.truth is None
    assert list(world.tables()) == ["customers", "orders"]
    assert repr(world) == (f"World(seed=None, customers={len(small.customers)}, "
                           f"orders={len(small.orders):,})")
    pd.testing.assert_frame_equal(identify.pareto_table(world.orders, "net_revenue"),
                                  identify.pareto_table(small.orders, "net_revenue"))
    pd.testing.assert_series_equal(identify.abc_classes(world.orders, "net_revenue"),
                                   identify.abc_classes(small.orders, "net_revenue"))
    pd.testing.assert_frame_equal(segment.rfm(world.orders, ASOF),
                                  segment.rfm(small.orders, ASOF))
    with pytest.raises(ValueError, match="no truth"):
        world.truth_frame()


def test_customers_and_orders_alone_serve_customer_archive(small):
    archive = identify.customer_archive(only_customers_and_orders(small), asof=ASOF)
    full = identify.customer_archive(small, asof=ASOF)
    assert archive["revenue"].sum() == pytest.approx(
        small.orders.loc[small.orders["date"] <= ASOF, "net_revenue"].sum())
    # the parts the two tables can give equal the full archive's; the others are absent
    same = ["industry", "customer_since", "revenue", "revenue_12m", "orders", "first_order",
            "last_order"]
    pd.testing.assert_frame_equal(archive[same], full[same])
    assert not {"contacts", "late_share", "complaints", "satisfaction", "gross_profit",
                "discounts"} & set(archive.columns)


def test_an_order_book_alone_serves_customer_archive(small):
    """A researcher with nothing but an orders table: customers start with their first
    order, and orders are counted as order days when there is no order_id."""
    orders = small.orders[["customer_id", "date", "net_revenue"]]
    archive = identify.customer_archive(World.from_tables(orders=orders), asof=ASOF)
    known = orders[orders["date"] <= ASOF]
    assert set(archive.index) == set(known["customer_id"])
    first = known.groupby("customer_id")["date"].min()
    assert (archive["customer_since"] == first.reindex(archive.index)).all()
    days = known.groupby("customer_id")["date"].nunique()
    assert (archive["orders"] == days.reindex(archive.index)).all()
    with pytest.raises(ValueError, match=r"^customer_archive: world\.orders"):
        identify.customer_archive(World.from_tables(customers=small.customers))


# -- the firm's own levels -----------------------------------------------------------------

def firm_tables():
    customers = pd.DataFrame({
        "customer_id": ["K1", "K2", "K3", "K4"],
        "industry": ["cement", "mining", "steel", "textile"],
        "region": ["华东", "华南", "华北", "西南"],
        "size": ["小", "大", "中", "大"],
        "credit_rating": ["A", "AA", "BBB", "A"]})
    orders = pd.DataFrame({
        "customer_id": ["K1", "K2", "K3", "K4", "K1"],
        "date": ["2025-01-05", "2025/2/1", "2025年3月4日", "2025-04-01", "2025-05-06"],
        "category": ["clinker", "explosives", "rolls", "yarn", "clinker"],
        "net_revenue": [1200.0, "3,400.50", 800, 950.0, 600.0]})
    tickets = pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3"], "customer_id": ["K1", "K2", "K2"],
        "date": ["2025-02-01", "2025-03-01", "2025-04-01"], "type": ["投诉", "服务请求", "投诉"]})
    return dict(customers=customers, orders=orders, tickets=tickets)


def test_the_firms_own_category_levels_are_accepted():
    world = World.from_tables(
        **firm_tables(),
        levels={"tickets": {"type": {"投诉": "complaint", "服务请求": "service_request"}},
                "customers": {"size": ["小", "中", "大"]}})
    assert world.report.refused.empty
    assert list(world.customers["industry"].cat.categories) == ["cement", "mining", "steel",
                                                                "textile"]
    assert world.customers["size"].cat.ordered
    assert list(world.customers["size"].cat.categories) == ["小", "中", "大"]
    assert list(world.tickets["type"].cat.categories) == list(_schema.TICKET_TYPES)
    assert world.tickets["type"].tolist() == ["complaint", "service_request", "complaint"]
    assert world.customers["credit_rating"].cat.ordered  # fixed levels keep the schema's order
    assert world.orders["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-05", "2025-02-01", "2025-03-04", "2025-04-01", "2025-05-06"]
    assert world.orders["net_revenue"].tolist() == [1200.0, 3400.5, 800.0, 950.0, 600.0]
    assert list(world.orders["category"].cat.categories) == ["clinker", "explosives", "rolls",
                                                             "yarn"]


def test_an_unmapped_fixed_level_is_refused_and_open_ordered_levels_are_noted():
    world = World.from_tables(**firm_tables())
    refused = world.report.refused
    assert refused[["table", "row", "column", "value"]].values.tolist() == [
        ["tickets", 0, "type", "投诉"], ["tickets", 1, "type", "服务请求"],
        ["tickets", 2, "type", "投诉"]]
    assert refused["reason"].str.startswith("unknown level; expected one of ['complaint'").all()
    assert world.report.counts.loc["tickets"].tolist() == [3, 0, 3]
    note = world.report.notes.set_index("column").at["size", "note"]
    assert "ordered alphabetically" in note


def test_value_audit_without_our_supplier_is_noted():
    audit = pd.DataFrame({"customer_id": ["K1", "K1"], "year": [2025, 2025],
                          "supplier": ["华强", "对手甲"], "share_of_wallet": [0.6, 0.4]})
    world = World.from_tables(value_audit=audit)
    notes = world.report.notes.set_index("column")["note"]
    assert notes["supplier"].startswith("no row has the level 'ours'")
    assert notes["customer_id"] == "not checked against customers, which is absent"
    world = World.from_tables(value_audit=audit,
                              levels={"value_audit": {"supplier": {"华强": "ours"}}})
    assert "supplier" not in world.report.notes["column"].tolist()
    assert world.value_audit["supplier"].tolist() == ["ours", "对手甲"]


# -- validation ----------------------------------------------------------------------------

def bad_tables():
    customers = pd.DataFrame({"customer_id": ["K1", "K2", "K2", None],
                              "employees": ["120", "40", "41", "7"]})
    orders = pd.DataFrame({
        "order_id": ["O1", "O2", "O3", "O4", "O5", "O6", "O7"],
        "line": [1, 1, 1, 1, 1, 1, 1],
        "customer_id": ["K1", "K1", "K9", "K2", "K1", "K2", "K1"],
        "date": ["2025-01-05", "2025-13-45", "2025-02-01", "2025-02-02", "2025-02-03",
                 "2025-02-04", None],
        "quantity": [10, 5, -3, 2.5, 4, 1, 1],
        "net_revenue": [1000.0, 500.0, 300.0, 250.0, -400.0, "abc", 100.0]})
    invoices = pd.DataFrame({
        "invoice_id": ["I1", "I2", "I3", "I1"], "order_id": ["O1", "O99", "O1", "O1"],
        "customer_id": ["K1", "K1", "K1", "K1"],
        "invoice_date": ["2025-01-06"] * 4,
        "amount": [1000.0, 1000.0, 1000.0, 1000.0],
        "due_date": ["2025-02-05", "2025-02-05", "2024-12-31", "2025-02-05"],
        "paid_date": ["2025-02-01", None, "2025-01-01", "2025-02-01"]})
    return dict(customers=customers, orders=orders, invoices=invoices)


EXPECTED_REFUSALS = [
    ("customers", 2, "customer_id", "K2", "duplicate key (customer_id) of row 1"),
    ("customers", 3, "customer_id", "", "missing required value"),
    ("orders", 1, "date", "2025-13-45", "not a date (YYYY-MM-DD)"),
    ("orders", 2, "customer_id", "K9", "orphan key: customer_id not in customers"),
    ("orders", 2, "quantity", "-3.0", "out of bounds: must be >= 0"),
    ("orders", 3, "quantity", "2.5", "not a whole number"),
    ("orders", 4, "net_revenue", "-400.0", "out of bounds: must be >= 0"),
    ("orders", 5, "net_revenue", "abc", "not a number"),
    ("orders", 6, "date", "", "missing required value"),
    ("invoices", 1, "order_id", "O99", "orphan key: order_id not in orders"),
    ("invoices", 2, "paid_date", "2025-01-01", "paid before invoiced"),
    ("invoices", 2, "due_date", "2024-12-31", "due before invoiced"),
    ("invoices", 3, "invoice_id", "I1", "duplicate key (invoice_id) of row 0"),
]


def test_every_refused_row_is_listed_with_its_reason():
    world = World.from_tables(**bad_tables())
    refused = world.report.refused
    assert list(refused.columns) == ["table", "row", "column", "value", "reason"]
    got = sorted(map(tuple, refused.values.tolist()))
    assert got == sorted(EXPECTED_REFUSALS)


def test_rows_in_equal_rows_kept_plus_rows_refused():
    tables = bad_tables()
    world = World.from_tables(**tables)
    counts = world.report.counts
    refused = world.report.refused
    for name, frame in tables.items():
        assert counts.at[name, "rows_in"] == len(frame)
        assert counts.at[name, "kept"] == len(getattr(world, name))
        assert counts.at[name, "refused"] == refused.loc[refused.table == name, "row"].nunique()
        assert counts.at[name, "rows_in"] == counts.at[name, "kept"] + counts.at[name, "refused"]
    assert world.orders["order_id"].tolist() == ["O1"]
    assert world.customers["customer_id"].tolist() == ["K1", "K2"]
    assert world.customers["employees"].tolist() == [120, 40]
    text = world.report.summary()
    assert "orders" in text and "not a date" in text and "rows in" in text


def test_strict_raises_naming_the_first_problems(tmp_path):
    for name, frame in bad_tables().items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    with pytest.raises(ValueError, match=r"read_archive: 11 row\(s\) refused \(strict=True\); "
                                         r"first problems: customers row 2, customer_id = 'K2': "
                                         r"duplicate key"):
        read_archive(tmp_path, strict=True)
    assert read_archive(tmp_path).report.counts["refused"].sum() == 11
    with pytest.raises(ValueError, match=r"World.from_tables: 11 row\(s\) refused"):
        World.from_tables(**bad_tables(), strict=True)


def test_duplicates_count_only_rows_otherwise_kept_and_compound_keys():
    activities = pd.DataFrame({"customer_id": ["K1", "K1", "K1", "K1"],
                               "year": ["2024", "2024", "x", "2025"],
                               "visits": [3, -1, 2, 2]})
    world = World.from_tables(activities=activities)
    refused = world.report.refused[["row", "column", "reason"]].values.tolist()
    assert sorted(map(tuple, refused)) == [
        (1, "visits", "out of bounds: must be >= 0"), (2, "year", "not a number")]
    activities.loc[1, "visits"] = 4
    world = World.from_tables(activities=activities)
    assert world.report.refused.loc[0, ["row", "column", "value", "reason"]].tolist() == [
        1, "customer_id, year", "K1, 2024", "duplicate key (customer_id, year) of row 0"]


def test_spaces_around_values_are_removed_and_noted():
    customers = pd.DataFrame({"customer_id": [" K1", "K2"]})
    orders = pd.DataFrame({"customer_id": ["K1", "K2 "], "date": ["2025-01-01"] * 2,
                           "net_revenue": [1.0, 2.0]})
    world = World.from_tables(customers=customers, orders=orders)
    assert world.report.refused.empty
    assert world.report.notes["note"].str.contains("spaces around them").sum() == 2


def test_csv_in_gb18030_dates_as_text_and_other_files_noted(tmp_path):
    frame = pd.DataFrame({"客户编号": ["K1"], "日期": ["2025年3月4日"], "金额": ["1,200"]})
    frame.to_csv(tmp_path / "orders.csv", index=False, encoding="gb18030")
    (tmp_path / "说明.csv").write_text("a\n1\n", encoding="utf-8")
    columns, _ = propose_columns(tmp_path)
    world = read_archive(tmp_path, columns=columns)
    assert world.orders["net_revenue"].tolist() == [1200.0]
    assert str(world.orders["date"].iloc[0].date()) == "2025-03-04"
    assert "说明.csv" in world.report.notes["table"].tolist()
    assert "key ['order_id', 'line'] incomplete" in world.report.summary()


def test_pandas_own_types_are_read_too():
    orders = pd.DataFrame({
        "customer_id": pd.Categorical(["K1", "K2", None]),
        "date": pd.to_datetime(["2025-01-01 08:00", "2025-01-02 00:00", "2025-01-03 00:00"])
        .tz_localize("Asia/Shanghai"),
        "net_revenue": pd.array([1, None, 3], dtype="Int64"),
        "rush": pd.array([True, None, False], dtype="boolean")}, index=[5, 7, 9])
    world = World.from_tables(orders=orders)
    assert world.report.refused[["row", "column"]].values.tolist() == [[1, "net_revenue"],
                                                                       [2, "customer_id"]]
    assert str(world.orders.at[0, "date"]) == "2025-01-01 08:00:00"  # local time kept
    assert "time zone Asia/Shanghai dropped" in world.report.summary()
    assert world.orders.dtypes.astype(str).tolist() == ["str", "datetime64[s]", "float64", "bool"]


def test_extra_columns_are_kept_and_noted():
    orders = pd.DataFrame({"customer_id": ["K1"], "date": ["2025-01-01"], "net_revenue": [5.0],
                           "备注": ["urgent"]})
    world = World.from_tables(orders=orders)
    assert world.orders["备注"].tolist() == ["urgent"]
    assert "not in the schema" in world.report.notes["note"].iloc[0]
    absent = "orders.customer_id: not checked against customers, which is absent"
    assert absent in world.report.summary()


# -- propose_columns -----------------------------------------------------------------------

def test_propose_columns_maps_chinese_and_english_headers_and_applies_nothing():
    orders = pd.DataFrame(columns=["客户编号", "订单日期", "金额(元)", "数量", "备注"])
    customers = pd.DataFrame(columns=["Customer No", "Industry", "region", "Credit Rating"])
    invoices = pd.DataFrame(columns=["发票号", "客户ID", "开票日期", "到期日", "付款日期", "发票金额"])
    tables = {"orders": orders, "customers": customers, "invoices": invoices}
    columns, proposal = propose_columns(tables)
    assert columns == {
        "orders": {"客户编号": "customer_id", "订单日期": "date", "金额(元)": "net_revenue",
                   "数量": "quantity"},
        "customers": {"Customer No": "customer_id", "Industry": "industry",
                      "Credit Rating": "credit_rating"},
        "invoices": {"发票号": "invoice_id", "客户ID": "customer_id", "开票日期": "invoice_date",
                     "到期日": "due_date", "付款日期": "paid_date", "发票金额": "amount"}}
    assert list(proposal.columns) == ["table", "header", "column", "how", "required"]
    row = proposal.set_index(["table", "header"])
    assert row.at[("orders", "备注"), "how"] == "no match"
    assert row.at[("customers", "region"), "how"] == "schema name"
    assert row.at[("orders", "订单日期"), "how"] == "synonym"
    assert list(orders.columns) == ["客户编号", "订单日期", "金额(元)", "数量", "备注"]
    with pytest.raises(ValueError, match="lacks required column"):
        World.from_tables(**tables)  # nothing applied by itself


def test_propose_columns_lists_missing_required_columns_and_taken_headers():
    orders = pd.DataFrame(columns=["customer_id", "客户编号", "date"])
    columns, proposal = propose_columns({"orders": orders})
    assert columns == {}
    assert proposal.set_index("header").at["客户编号", "how"] == "taken"
    missing = proposal.loc[proposal.how == "required, no header", "column"].tolist()
    assert missing == ["net_revenue"]


def test_propose_columns_reads_headers_of_every_format(small, tmp_path):
    for fmt, name in (("csv", "a"), ("excel", "a.xlsx"), ("sqlite", "a.sqlite")):
        tables = World.from_tables(customers=small.customers, orders=small.orders)
        path = write_archive(tables, tmp_path / name, fmt, columns=CHINESE)
        columns, _ = propose_columns(path)
        assert columns["orders"]["订单日期"] == "date", fmt
        assert columns["customers"]["信用等级"] == "credit_rating", fmt


def test_a_firms_workbook_from_proposal_to_rfm(tmp_path):
    """A workbook as a firm exports it: Chinese headers and words, Excel dates and text dates,
    是/否 flags, a blank line and a credit note; the proposal is checked, then applied."""
    import datetime as dt
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "customers"
    for row in (["客户编号", "客户名称", "所属行业", "企业规模"], ["K1", "华东水泥", "cement", "大"],
                ["K2", "西部矿业", "mining", "中"], ["K3", "北方钢铁", "steel", "大"]):
        sheet.append(row)
    sheet = book.create_sheet("orders")
    for row in (["订单号", "客户编号", "下单日期", "销售额(元)", "是否加急"],
                ["A-1", "K1", dt.datetime(2025, 1, 6), 120000, "否"],
                ["A-2", "K2", "2025/3/5", 56000.5, "是"],
                [None, None, None, None, None],
                ["A-3", "K3", dt.datetime(2025, 4, 1), -8000, "否"],
                ["A-4", "K1", dt.datetime(2025, 6, 30), 64000, "否"]):
        sheet.append(row)
    sheet = book.create_sheet("tickets")
    for row in (["工单号", "客户编号", "日期", "类型"], ["W1", "K1", "2025-02-01", "投诉"],
                ["W2", "K3", "2025-05-01", "服务请求"]):
        sheet.append(row)
    book.create_sheet("说明").append(["这是导出说明"])
    book.save(tmp_path / "firm.xlsx")

    columns, proposal = propose_columns(tmp_path / "firm.xlsx")
    assert columns == {
        "customers": {"客户编号": "customer_id", "客户名称": "name", "所属行业": "industry",
                      "企业规模": "size"},
        "orders": {"订单号": "order_id", "客户编号": "customer_id", "下单日期": "date",
                   "销售额(元)": "net_revenue", "是否加急": "rush"},
        "tickets": {"工单号": "ticket_id", "客户编号": "customer_id", "日期": "date",
                    "类型": "type"}}
    world = read_archive(tmp_path / "firm.xlsx", columns=columns, levels={
        "tickets": {"type": {"投诉": "complaint", "服务请求": "service_request"}},
        "customers": {"size": ["中", "大"]}})
    report = world.report
    assert report.counts.loc["orders"].tolist() == [5, 3, 2]
    assert sorted(map(tuple, report.refused[["row", "column", "reason"]].values.tolist())) == [
        (2, "customer_id", "missing required value"), (2, "date", "missing required value"),
        (2, "net_revenue", "missing required value"),
        (3, "net_revenue", "out of bounds: must be >= 0")]
    assert "说明" in report.notes["table"].tolist()
    assert world.orders["rush"].tolist() == [False, True, False]
    assert world.orders["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-06", "2025-03-05",
                                                                      "2025-06-30"]
    assert world.tickets["type"].tolist() == ["complaint", "service_request"]
    rfm = segment.rfm(world.orders, ASOF, quantity=None)
    assert rfm["monetary"].to_dict() == {"K1": 184000.0, "K2": 56000.5}
    assert rfm.loc["K1", "frequency"] == 2


# -- the schema and the data card ----------------------------------------------------------

def test_own_data_schema_lists_every_column_with_required_ones():
    schema = own_data_schema()
    assert list(schema.columns) == ["table", "column", "required", "dtype", "unit", "levels",
                                    "bounds", "meaning"]
    assert len(schema) == sum(len(s["columns"]) for s in _schema.TABLES.values())
    for table, required in _own_schema.REQUIRED_COLUMNS.items():
        assert set(schema.loc[schema.required & (schema.table == table), "column"]) == set(required)
    levels = schema.set_index(["table", "column"])["levels"]
    assert levels[("customers", "industry")] == "the firm's own"
    assert levels[("tickets", "type")] == "fixed: complaint, service_request"
    assert "must include 'ours'" in levels[("value_audit", "supplier")]


def test_data_card_has_the_own_data_section():
    card = (_io.data_dir() / "README.md").read_text(encoding="utf-8")
    section = card.split(_io.OWN_START)[1].split(_io.OWN_END)[0].strip()
    assert section == _own_schema.card_own_data().strip()


# -- bad input -----------------------------------------------------------------------------

def test_read_archive_rejects_bad_sources(tmp_path):
    with pytest.raises(TypeError, match="read_archive: source must be a folder"):
        read_archive(42)
    with pytest.raises(ValueError, match="read_archive: source must be an existing"):
        read_archive(tmp_path / "nothing")
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(ValueError, match=r"read_archive: source must be .*got '.*a.txt'"):
        read_archive(tmp_path / "a.txt")
    with pytest.raises(ValueError, match="read_archive: no table found"):
        read_archive(tmp_path)
    with pytest.raises(TypeError, match="read_archive: strict must be True or False"):
        read_archive(tmp_path, strict="yes")


@pytest.mark.parametrize("columns, kind, message", [
    (["customer_id"], TypeError, "columns must be a dict"),
    ({"order": {"a": "customer_id"}}, ValueError, "names table 'order', which the archive"),
    ({"orders": {"客户": "customer_id"}}, ValueError, "column '客户' not in table 'orders'"),
    ({"orders": {"a": "client"}}, ValueError, "maps 'a' to 'client', which is not a column"),
    ({"orders": {"a": "customer_id", "b": "customer_id"}}, ValueError, "twice after renaming"),
    ({"a": "customer_id", "orders": {}}, ValueError, "columns must map table names"),
    ({"客户": "customer_id"}, ValueError, "column '客户' not in any table"),
])
def test_bad_column_mappings(columns, kind, message):
    orders = pd.DataFrame({"a": ["K1"], "b": ["K1"], "date": ["2025-01-01"], "net_revenue": [1.0]})
    with pytest.raises(kind, match=message):
        World.from_tables(orders=orders, columns=columns)


@pytest.mark.parametrize("levels, kind, message", [
    ({"tickets": "type"}, TypeError, "levels must be a dict"),
    ({"ticket": {"type": {}}}, ValueError, "levels names table 'ticket'"),
    ({"tickets": {"topic_x": {}}}, ValueError, "not a category column"),
    ({"tickets": {"type": "complaint"}}, TypeError, "levels for tickets.type must be a dict"),
    ({"tickets": {"type": {"投诉": "grievance"}}}, ValueError, r"onto \['grievance'\]; its "
                                                               r"levels are fixed"),
])
def test_bad_levels(levels, kind, message):
    with pytest.raises(kind, match=message):
        World.from_tables(**firm_tables(), levels=levels)


def test_from_tables_and_propose_reject_bad_tables():
    with pytest.raises(TypeError, match="World.from_tables: orders must be a pandas DataFrame"):
        World.from_tables(orders={"customer_id": ["K1"]})
    with pytest.raises(ValueError, match=r"World.from_tables: table 'orders' lacks required "
                                         r"column\(s\) \['net_revenue'\]"):
        World.from_tables(orders=pd.DataFrame({"customer_id": ["K1"], "date": ["2025-01-01"]}))
    with pytest.raises(TypeError, match="World.from_tables: strict must be True or False"):
        World.from_tables(**firm_tables(), strict=None)
    with pytest.raises(TypeError, match="propose_columns: source must be a folder"):
        propose_columns(None)
    with pytest.raises(ValueError, match="propose_columns: table must be one of"):
        propose_columns({"order": pd.DataFrame()})
    with pytest.raises(TypeError, match="propose_columns: source must be a folder"):
        propose_columns(pd.DataFrame())
    with pytest.raises(ValueError, match="own_data_schema: table must be one of"):
        own_data_schema("order")


def test_write_archive_rejects_bad_input(small, tmp_path):
    with pytest.raises(TypeError, match="write_archive: world must be a crmlab World"):
        write_archive(small.tables(), tmp_path / "x")
    with pytest.raises(ValueError, match=r"write_archive: format must be one of \['csv', "
                                         r"'excel', 'sqlite'\]; got 'xls'"):
        write_archive(small, tmp_path / "x.xls", "xls")
    with pytest.raises(ValueError, match="path must end in .xlsx"):
        write_archive(small, tmp_path / "x.sqlite", "excel")
    with pytest.raises(TypeError, match="write_archive: path must be a str or Path"):
        write_archive(small, 3)
    with pytest.raises(ValueError, match="maps '客户' to 'client'"):
        write_archive(small, tmp_path / "y", columns={"orders": {"客户": "client"}})
    path = write_archive(small, tmp_path / "a.sqlite", "sqlite")
    with pytest.raises(ValueError, match="already holds .*overwrite=True"):
        write_archive(small, path, "sqlite")
    write_archive(small, path, "sqlite", overwrite=True)
    with pytest.raises(TypeError, match="overwrite must be True or False"):
        write_archive(small, path, "sqlite", overwrite=1)


# -- reading only some tables, camelCase headers, the report as text -------------------------

def test_numbers_refused_in_a_csv_are_listed_as_the_file_has_them(tmp_path):
    """Number columns are parsed by read_csv; a refused number is still listed as written."""
    (tmp_path / "orders.csv").write_text(
        "order_id,line,customer_id,date,quantity,net_revenue\n"
        "O1,1,K1,2025-01-05,10,100.50\n"
        "O1,1,K1,2025-01-05,2,100\n"
        "O2,1,K1,2025-01-06,-3,1e2\n"
        "O3,1,K1,2025-01-07,4,inf\n", encoding="utf-8")
    world = read_archive(tmp_path)
    refused = world.report.refused[["row", "column", "value", "reason"]].values.tolist()
    assert refused == [[1, "order_id, line", "O1, 1", "duplicate key (order_id, line) of row 0"],
                       [2, "quantity", "-3", "out of bounds: must be >= 0"],
                       [3, "net_revenue", "inf", "not a number"]]
    assert world.orders["net_revenue"].tolist() == [100.5]
    assert world.orders["quantity"].dtype == "int64"


def test_propose_columns_reads_camel_and_pascal_case_headers():
    orders = pd.DataFrame(columns=["OrderID", "CustomerID", "OrderDate", "NetRevenue",
                                   "unitPrice", "CDs"])
    columns, proposal = propose_columns({"orders": orders})
    assert columns == {"orders": {"OrderID": "order_id", "CustomerID": "customer_id",
                                  "OrderDate": "date", "NetRevenue": "net_revenue",
                                  "unitPrice": "list_price"}}
    how = proposal.set_index("header")["how"]
    assert how["CustomerID"] == "schema name" and how["OrderDate"] == "synonym"
    assert how["CDs"] == "no match"
    world = World.from_tables(orders=pd.DataFrame(
        {"CustomerID": ["K1"], "OrderDate": ["2025-01-05"], "NetRevenue": [10.0]}),
        columns={"orders": {"CustomerID": "customer_id", "OrderDate": "date",
                            "NetRevenue": "net_revenue"}})
    assert world.orders.columns.tolist() == ["customer_id", "date", "net_revenue"]


@pytest.mark.parametrize("fmt, name", [("csv", "a"), ("excel", "a.xlsx"), ("sqlite", "a.sqlite")])
def test_tables_reads_only_the_tables_asked_for(small, tmp_path, fmt, name):
    path = write_archive(small, tmp_path / name, fmt, columns=CHINESE)
    columns, _ = propose_columns(path)  # a mapping for every table; the others are ignored
    read = read_archive(path, columns=columns, tables=["orders", "customers"])
    assert set(read.tables()) == {"customers", "orders"}
    assert read.invoices is None and read.tickets is None
    pd.testing.assert_frame_equal(read.orders, small.orders)
    assert read.report.counts.index.tolist() == ["customers", "orders"]
    assert read.report.notes.empty  # orders.customer_id checked against customers
    alone = read_archive(path, columns=columns, tables="orders")
    assert list(alone.tables()) == ["orders"]
    assert "not checked against customers, which is absent" in alone.report.summary()


@pytest.mark.parametrize("fmt, name, what", [("csv", "a", "file"), ("excel", "a.xlsx", "sheet"),
                                             ("sqlite", "a.sqlite", "table")])
def test_a_table_asked_for_and_not_found_warns_naming_what_was_seen(small, tmp_path, fmt, name,
                                                                    what):
    path = write_archive(World.from_tables(customers=small.customers, orders=small.orders),
                         tmp_path / name, fmt)
    seen = "'customers.csv', 'orders.csv'" if fmt == "csv" else "'customers', 'orders'"
    with pytest.warns(UserWarning, match=rf"read_archive: no {what} matches table\(s\) "
                                         rf"\['tickets'\] in .*; {what}s seen: \[{seen}\]"):
        read = read_archive(path, tables=["orders", "tickets"])
    assert list(read.tables()) == ["orders"]


def test_no_table_found_names_what_the_folder_holds(tmp_path):
    (tmp_path / "Orders.CSV").write_text("客户编号\nK1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"read_archive: no table found; .*found: "
                                         r"\['Orders.CSV'\]"):
        read_archive(tmp_path)


@pytest.mark.parametrize("tables, kind, message", [
    ("ordres", ValueError, r"tables must name tables of the archive \['customers', 'contacts', "
                           r"'orders'.*\]; got 'ordres'"),
    (["orders", "invoice"], ValueError, r"tables must name tables of the archive .*; "
                                        r"got 'invoice'"),
    ([], TypeError, "tables must be a table name or a list of them"),
    (42, TypeError, "tables must be a table name or a list of them"),
    ([1, 2], TypeError, "tables must be a table name or a list of them"),
    ({"orders": 1}, TypeError, "tables must be a table name or a list of them"),
])
def test_read_archive_rejects_bad_tables(small, tmp_path, tables, kind, message):
    path = write_archive(World.from_tables(orders=small.orders), tmp_path / "a", "csv")
    with pytest.raises(kind, match=f"read_archive: {message}"):
        read_archive(path, tables=tables)


def test_summary_returns_the_report_as_text(capsys):
    world = World.from_tables(**bad_tables())
    text = world.report.summary()
    assert isinstance(text, str)
    assert capsys.readouterr().out == ""  # nothing printed by itself
    print(world.report.summary())
    assert capsys.readouterr().out == text + "\n"
    assert repr(world.report) == text
    assert text.splitlines()[:2] == ["table           rows in     kept  refused",
                                     "customers             4        2        2"]


def test_tables_read_own_their_data(tmp_path):
    orders = pd.DataFrame({"customer_id": ["K1", "K2"], "date": pd.to_datetime(
        ["2025-01-01", "2025-01-02"]).astype("datetime64[s]"), "net_revenue": [1.0, 2.0],
        "备注": ["a", "b"]})
    before = orders.copy()
    orders.to_csv(tmp_path / "orders.csv", index=False)
    for world in (World.from_tables(orders=orders), read_archive(tmp_path)):
        world.orders.loc[0, ["customer_id", "date", "net_revenue", "备注"]] = [
            "K9", pd.Timestamp("2020-01-01"), 5.0, "c"]
        assert world.orders.loc[0, ["customer_id", "net_revenue"]].tolist() == ["K9", 5.0]
    pd.testing.assert_frame_equal(orders, before)
    world = World.from_tables(orders=orders)  # and the caller's later edits stay theirs
    kept = world.orders.copy()
    orders.loc[1, ["customer_id", "date", "net_revenue"]] = ["K7", pd.Timestamp("2021-01-01"), 9.0]
    pd.testing.assert_frame_equal(world.orders, kept)


def test_every_kind_of_space_around_a_key_is_removed_and_noted():
    customers = pd.DataFrame({"customer_id": ["K1", "K2"]})
    for space in (chr(c) for c in range(0x110000) if chr(c).isspace()):  # what strip removes
        orders = pd.DataFrame({"customer_id": pd.array(["K1", f"K2{space}"], dtype="str"),
                               "date": "2025-01-01", "net_revenue": 1.0})
        world = World.from_tables(customers=customers, orders=orders)
        assert world.report.refused.empty, repr(space)
        assert world.orders["customer_id"].tolist() == ["K1", "K2"], repr(space)
        notes = world.report.notes.set_index(["table", "column"])["note"]
        assert notes["orders", "customer_id"] == "1 value(s) with spaces around them: " \
            "the spaces removed", repr(space)
