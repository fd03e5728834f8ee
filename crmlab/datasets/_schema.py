"""The archive's schema: every table, column, type, unit and meaning.

One source for three uses: the dtypes that ``load`` applies, the SQLite
archive's tables and keys, and the column tables of the data card.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

INDUSTRIES = ("automotive", "electronics", "machinery", "chemicals", "construction",
              "energy", "food_processing")
REGIONS = ("yangtze_delta", "pearl_delta", "bohai_rim", "chengdu_chongqing", "central_china")
SIZES = ("small", "medium", "large", "very_large")
POSITIONS = ("minor", "major", "leader")
CUSTOMER_TYPES = ("direct", "distributor", "indirect")
CREDIT_RATINGS = ("B", "BB", "BBB", "A", "AA", "AAA")
SEGMENTS = ("strategic_partner", "price_driven", "service_intensive", "transactional")
CATEGORIES = ("raw_materials", "equipment", "assemblies", "components", "consumables", "services")
ROLES = ("decision_maker", "influencer", "user", "buyer", "gatekeeper")
STANCES = ("opponent", "neutral", "supporter")
STAGES = ("initial", "development", "mature", "decline")
TICKET_TYPES = ("complaint", "service_request")
TICKET_TOPICS = ("quality", "delivery", "billing", "technical", "documentation")
SEVERITIES = ("low", "medium", "high")
SUPPLIERS = ("ours", "competitor_a", "competitor_b", "competitor_c")
CHURN_REASONS = ("competitor_offer", "dissatisfaction", "complaints", "declining_need",
                 "business_closure")
ATTRIBUTES = ("product", "service", "personnel", "image")

# Survey constructs and their Likert items (1-7).
CONSTRUCTS = {
    "expectation": ("expect_1", "expect_2", "expect_3"),
    "product_quality": ("product_1", "product_2", "product_3"),
    "service_quality": ("service_1", "service_2", "service_3"),
    "personnel_quality": ("personnel_1", "personnel_2", "personnel_3"),
    "image": ("image_1", "image_2", "image_3"),
    "perceived_value": ("value_1", "value_2", "value_3"),
    "satisfaction": ("satis_1", "satis_2", "satis_3"),
    "complaint": ("complaint_1", "complaint_2"),
    "loyalty": ("loyal_1", "loyal_2", "loyal_3"),
}
ITEM_TEXT = {
    "expect_1": "Before working with us, I expected high overall quality.",
    "expect_2": "I expected the products to meet our technical needs.",
    "expect_3": "I expected few things to go wrong.",
    "product_1": "The products meet our specifications.",
    "product_2": "Product quality is consistent from batch to batch.",
    "product_3": "The products perform reliably in our process.",
    "service_1": "Deliveries arrive on time and complete.",
    "service_2": "Technical support solves our problems quickly.",
    "service_3": "Orders, documents and invoices are handled without errors.",
    "personnel_1": "Our account manager understands our business.",
    "personnel_2": "The supplier's engineers are competent.",
    "personnel_3": "The supplier's staff are easy to reach and responsive.",
    "image_1": "The supplier has a good reputation in our industry.",
    "image_2": "The supplier is innovative.",
    "image_3": "Working with this supplier strengthens our own standing.",
    "value_1": "Given the price, the quality is good.",
    "value_2": "Given the quality, the price is fair.",
    "value_3": "Compared with other suppliers, this one gives more for what we pay.",
    "satis_1": "Overall, we are satisfied with this supplier.",
    "satis_2": "The supplier meets our expectations.",
    "satis_3": "Compared with an ideal supplier, this one comes close.",
    "complaint_1": "We had reasons to complain in the past year.",
    "complaint_2": "Problems were not resolved to our satisfaction.",
    "loyal_1": "We will keep buying from this supplier.",
    "loyal_2": "We would recommend this supplier to other firms.",
    "loyal_3": "We would stay even if a competitor offered a 5% lower price.",
    "marker_1": "I like the colour blue.",
    "marker_2": "Blue is a pleasant colour.",
    "marker_3": "I prefer blue to most other colours.",
}
# Marker items (标记变量): a trait unrelated to the supplier, asked in the same format, so
# their correlation with the model's items measures common-method variance alone.
MARKER_ITEMS = ("marker_1", "marker_2", "marker_3")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str, int, float, bool, boolean (nullable), date, or cat / ordered (with levels)
    unit: str
    meaning: str
    levels: tuple = ()


def _c(name, dtype, unit, meaning, levels=()):
    return Column(name, dtype, unit, meaning, tuple(levels))


TABLES: dict[str, dict] = {
    "customers": dict(
        key=("customer_id",),
        doc="One row per business customer: firmographics and account data, as the CRM "
            "archive holds them (客户档案: 基本信息).",
        columns=[
            _c("customer_id", "str", "", "customer key, C000001 ..."),
            _c("name", "str", "", "fictional company name"),
            _c("industry", "cat", "", "customer's industry", INDUSTRIES),
            _c("region", "cat", "", "regional industrial cluster", REGIONS),
            _c("employees", "int", "people", "headcount"),
            _c("size", "ordered", "", "size class from headcount (<100, <500, <2000, more)", SIZES),
            _c("industry_position", "ordered", "", "position in its own industry (行业地位)", POSITIONS),
            _c("customer_type", "cat", "", "direct user, distributor, or indirect (via a distributor)",
               CUSTOMER_TYPES),
            _c("customer_since", "date", "", "start of the relationship; earlier than the order "
               "book for customers who were already active when it starts"),
            _c("credit_rating", "ordered", "", "credit rating at the start of the order book "
               "(B weakest, AAA strongest)", CREDIT_RATINGS),
            _c("payment_terms", "int", "days", "agreed payment terms: 30, 60, 90 or 120"),
            _c("account_manager", "str", "", "responsible account manager (AM001 ...)"),
        ]),
    "contacts": dict(
        key=("contact_id",), parents={"customer_id": "customers"},
        doc="The buying center (采购中心): people at the customer, their role in buying decisions "
            "and their stance towards us.",
        columns=[
            _c("contact_id", "str", "", "contact key, P0000001 ..."),
            _c("customer_id", "str", "", "customer key"),
            _c("name", "str", "", "fictional person name"),
            _c("role", "cat", "", "buying-center role", ROLES),
            _c("stance", "ordered", "", "stance towards us", STANCES),
        ]),
    "orders": dict(
        key=("order_id", "line"), parents={"customer_id": "customers"},
        doc="Order lines: what was sold, when, at what price, margin and payment terms (交易记录).",
        columns=[
            _c("order_id", "str", "", "order key, O00000001 ..."),
            _c("line", "int", "", "line number within the order (1-5)"),
            _c("customer_id", "str", "", "customer key"),
            _c("date", "date", "", "order date"),
            _c("category", "cat", "", "product category", CATEGORIES),
            _c("quantity", "int", "units", "units ordered (tonnes, pieces, service days)"),
            _c("list_price", "float", "CNY per unit", "list price per unit"),
            _c("discount", "float", "share", "discount off list price, 0-0.15"),
            _c("net_revenue", "float", "CNY", "quantity × list_price × (1 − discount)"),
            _c("cost_of_goods", "float", "CNY", "cost of the goods sold"),
            _c("gross_profit", "float", "CNY", "net_revenue − cost_of_goods"),
            _c("payment_terms", "int", "days", "payment terms of the order"),
            _c("financial_cost", "float", "CNY", "cost of the credit granted: "
               "net_revenue × yearly rate × payment_terms / 365"),
            _c("rush", "bool", "", "rush order (expedited)"),
            _c("on_time", "bool", "", "delivered on or before the promised date"),
        ]),
    "invoices": dict(
        key=("invoice_id",), parents={"customer_id": "customers", "order_id": "orders"},
        doc="One invoice per order: due and paid dates, days late (应收账款).",
        columns=[
            _c("invoice_id", "str", "", "invoice key, I00000001 ..."),
            _c("order_id", "str", "", "order invoiced"),
            _c("customer_id", "str", "", "customer key"),
            _c("invoice_date", "date", "", "date of invoice (on shipment)"),
            _c("amount", "float", "CNY", "invoiced amount, the order's net revenue"),
            _c("due_date", "date", "", "invoice_date + payment terms"),
            _c("paid_date", "date", "", "date paid; empty if still open at the end of the order book"),
            _c("days_late", "float", "days", "paid_date − due_date (0 when on time); empty while open"),
        ]),
    "tickets": dict(
        key=("ticket_id",), parents={"customer_id": "customers"},
        doc="Complaints and service requests (投诉与服务请求).",
        columns=[
            _c("ticket_id", "str", "", "ticket key, T0000001 ..."),
            _c("customer_id", "str", "", "customer key"),
            _c("date", "date", "", "date opened"),
            _c("type", "cat", "", "complaint or service request", TICKET_TYPES),
            _c("topic", "cat", "", "what it is about", TICKET_TOPICS),
            _c("severity", "ordered", "", "severity", SEVERITIES),
            _c("first_response_hours", "float", "hours", "hours from opening to the first "
               "answer to the customer (首次响应时间)"),
            _c("days_to_resolve", "int", "days", "days until closed; for a ticket still open at "
               "the end of the archive, the days it has been open"),
            _c("resolved", "bool", "", "closed by the end of the archive (open tickets are "
               "censored: their resolution time is at least days_to_resolve)"),
            _c("accepted", "boolean", "", "the customer accepted the resolution (客户认可); "
               "empty while open"),
        ]),
    "activities": dict(
        key=("customer_id", "year"), parents={"customer_id": "customers"},
        doc="Cost-to-serve drivers per customer and year (作业动因), counted from the order book "
            "and the field-service log.",
        columns=[
            _c("customer_id", "str", "", "customer key"),
            _c("year", "int", "", "calendar year"),
            _c("visits", "int", "visits", "sales visits"),
            _c("orders", "int", "orders", "orders processed (equals the order book)"),
            _c("deliveries", "int", "deliveries", "deliveries, including split shipments"),
            _c("rush_orders", "int", "orders", "rush orders (equals the order book)"),
            _c("support_hours", "float", "hours", "technical support hours"),
            _c("returns", "int", "returns", "goods returned"),
            _c("proactive_hours", "float", "hours", "proactive service hours (preventive "
               "maintenance, operator training, process audits) planned by the account manager"),
        ]),
    "survey": dict(
        key=("response_id",), parents={"customer_id": "customers", "contact_id": "contacts"},
        doc="Yearly satisfaction questionnaire (满意度问卷): 1-7 Likert items (1 = strongly "
            "disagree, 7 = strongly agree), stated importance and expected / perceived "
            "performance per attribute. Empty cells are unanswered items.",
        columns=[
            _c("response_id", "str", "", "response key, R000001 ..."),
            _c("customer_id", "str", "", "customer key"),
            _c("contact_id", "str", "", "respondent (a buying-center contact)"),
            _c("year", "int", "", "survey year (fielded in November)"),
            _c("role", "cat", "", "respondent's buying-center role", ROLES),
            *[_c(item, "float", "1-7", f"{construct}: {ITEM_TEXT[item]}")
              for construct, items in CONSTRUCTS.items() for item in items],
            *[_c(f"importance_{a}", "float", "1-7", f"stated importance of {a}") for a in ATTRIBUTES],
            *[_c(f"expected_{a}", "float", "1-7", f"expected performance on {a}") for a in ATTRIBUTES],
            *[_c(f"perceived_{a}", "float", "1-7", f"perceived performance on {a}") for a in ATTRIBUTES],
            *[_c(item, "float", "1-7", f"marker variable (attitude to the colour blue, unrelated "
                 f"to the supplier): {ITEM_TEXT[item]}") for item in MARKER_ITEMS],
        ]),
    "value_audit": dict(
        key=("customer_id", "year", "supplier"), parents={"customer_id": "customers"},
        doc="Customer delivered value audit (客户让渡价值): for each surveyed customer and year, "
            "how the customer rates us and three competitors on four value parts and four cost "
            "parts, which supplier it chose as main supplier, and its share of wallet.",
        columns=[
            _c("customer_id", "str", "", "customer key"),
            _c("year", "int", "", "audit year"),
            _c("supplier", "cat", "", "supplier rated", SUPPLIERS),
            _c("product_value", "float", "0-10", "product value (产品价值)"),
            _c("service_value", "float", "0-10", "service value (服务价值)"),
            _c("personnel_value", "float", "0-10", "personnel value (人员价值)"),
            _c("image_value", "float", "0-10", "image value (形象价值)"),
            _c("monetary_cost", "float", "index", "price paid, index (market average = 100) (货币成本)"),
            _c("time_cost", "float", "0-10", "time spent buying and waiting (时间成本)"),
            _c("energy_cost", "float", "0-10", "effort spent dealing with the supplier (精力成本)"),
            _c("physical_cost", "float", "0-10", "physical burden: handling, travel (体力成本)"),
            _c("chosen", "bool", "", "this supplier is the customer's main supplier this year"),
            _c("share_of_wallet", "float", "share", "share of the customer's purchases in the "
               "category bought from this supplier (客户占有率)"),
        ]),
    "relationships": dict(
        key=("customer_id", "year"), parents={"customer_id": "customers"},
        doc="The true lifecycle stage per customer and year (客户生命周期) and how the "
            "relationship ended. Ground truth: a real firm would not see the stage directly.",
        columns=[
            _c("customer_id", "str", "", "customer key"),
            _c("year", "int", "", "calendar year"),
            _c("stage", "ordered", "", "lifecycle stage at mid-year (or at churn)", STAGES),
            _c("competitor_offer", "bool", "", "a competitor made an aggressive offer this year"),
            _c("churned", "bool", "", "the relationship ended this year"),
            _c("churn_date", "date", "", "date the relationship ended; empty if it did not end"),
            _c("churn_reason", "cat", "", "main reason for ending; empty if it did not end",
               CHURN_REASONS),
        ]),
}

TABLE_NAMES = tuple(TABLES)


def columns(table: str, tables: dict | None = None) -> list[str]:
    """Column names of ``table`` in archive order."""
    return [c.name for c in (tables or TABLES)[table]["columns"]]


def _dtype(col: Column):
    return pd.CategoricalDtype(list(col.levels), ordered=col.dtype == "ordered")


def categorical(table: str, column: str, codes, tables: dict | None = None) -> pd.Categorical:
    """A column of ``table`` built from integer codes into its levels."""
    col = next(c for c in (tables or TABLES)[table]["columns"] if c.name == column)
    return pd.Categorical.from_codes(codes, dtype=_dtype(col))


def apply_schema(frame, table: str, tables: dict | None = None) -> pd.DataFrame:
    """Return ``frame`` with the column order and dtypes of ``table``.

    ``frame`` is a DataFrame or a dict of equally long columns (the generator
    passes dicts, so that the table is assembled once). ``tables`` is the schema
    to use: the world's (default) or a case study's.
    """
    spec = (tables or TABLES)[table]["columns"]
    names = list(frame.columns if isinstance(frame, pd.DataFrame) else frame)
    missing = [c.name for c in spec if c.name not in names]
    extra = [c for c in names if c not in {s.name for s in spec}]
    if missing or extra:
        raise ValueError(f"table {table!r}: missing columns {missing}, unexpected columns {extra}")
    rows = len(frame) if isinstance(frame, pd.DataFrame) else len(frame[spec[0].name])
    out = {}
    for col in spec:
        values = frame[col.name]
        if not isinstance(values, pd.Series):
            values = pd.Series(values, copy=False)
        if col.dtype in ("cat", "ordered"):
            dtype = _dtype(col)
            if values.dtype != dtype:
                levels = pd.unique(values.dropna().astype(object))
                unknown = sorted(set(map(str, levels)) - set(col.levels))
                if unknown:
                    raise ValueError(f"table {table!r}, column {col.name!r}: unknown levels "
                                     f"{unknown}; expected {list(col.levels)}")
                values = pd.Series(pd.Categorical(values.astype(object), dtype=dtype))
        elif col.dtype == "date":
            if values.dtype != "datetime64[s]":
                values = pd.to_datetime(values, format="ISO8601").astype("datetime64[s]")
        else:
            if col.dtype == "boolean" and not pd.api.types.is_bool_dtype(values):
                values = values.map({"True": True, "False": False, True: True, False: False})
            values = values.astype({"str": "str", "int": "int64", "float": "float64",
                                    "bool": "bool", "boolean": "boolean"}[col.dtype])
        out[col.name] = values.to_numpy() if col.dtype in ("int", "float", "bool", "date") \
            else values.array
    return pd.DataFrame(out, index=pd.RangeIndex(rows), copy=False)
