"""The demo behind `make demo`: land a week of every feed and a recorded month of NeoWs, dbt build, summarise gold.

Runs dbt in this process so the summary reads the tables through the same
Spark session (the embedded metastore admits one JVM at a time).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from fetch_neows import main as fetch_neows  # noqa: E402
from preflight import spark_can_start  # noqa: E402
from produce_events import Knobs, produce_history  # noqa: E402
from produce_orders import Knobs as OrderKnobs  # noqa: E402
from produce_orders import produce_orders  # noqa: E402
from produce_retail import Knobs as RetailKnobs  # noqa: E402
from produce_retail import produce_batches as produce_retail  # noqa: E402

SUMMARY_SQL = {
    "gold_daily_user_activity": """
        select
            count(*) as row_count,
            sum(total_events) as events,
            round(100 * sum(late_events) / sum(total_events), 2) as late_pct,
            round(sum(avg_latency_seconds * total_events) / sum(total_events), 1) as avg_latency_s,
            round(max(max_latency_seconds), 1) as max_latency_s,
            min(event_date) as first_date,
            max(event_date) as last_date
        from {schema}_gold.gold_daily_user_activity
    """,
    "gold_daily_event_types, by the seed event_types' category (an unlisted type has none)": """
        select
            marts.event_type, known.category, sum(marts.total_events) as events,
            sum(marts.total_amount) as amount, sum(marts.late_events) as late
        from {schema}_gold.gold_daily_event_types as marts
        left join {schema}_reference.event_types as known on marts.event_type = known.event_type
        group by marts.event_type, known.category
        order by events desc
    """,
    "gold_daily_orders": """
        select status, sum(distinct_orders) as orders, sum(revenue) as revenue, sum(quantity) as quantity
        from {schema}_gold.gold_daily_orders
        group by status
        order by orders desc
    """,
    "gold_daily_store_performance": """
        select store_id, sum(revenue) as revenue, sum(transactions) as transactions,
            sum(items_sold) as items_sold, sum(returned_items) as returned_items
        from {schema}_gold.gold_daily_store_performance
        group by store_id
        order by revenue desc
    """,
    "gold_neo_close_approaches, a recorded month of NASA NeoWs, by risk and size band": """
        select risk_class, size_band, count(*) as approaches, count_if(is_hazardous) as hazardous,
            round(min(miss_distance_km)) as closest_miss_km, round(max(velocity_kps), 2) as fastest_km_s
        from {schema}_gold.gold_neo_close_approaches
        group by risk_class, size_band
        order by case risk_class when 'high' then 1 when 'moderate' then 2 else 3 end, size_band
    """,
    "silver_events_quarantine": """
        select quarantine_reason, count(*) as lines
        from {schema}_silver.silver_events_quarantine
        group by quarantine_reason
        order by lines desc
    """,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Lands into $LANDING_DIR (default ./landing) and builds $LAKEHOUSE_DIR (default ./lakehouse); "
        "feeds already landed there are not landed again. No options: `make demo` runs it after set-up.",
    )
    parser.parse_args(argv)
    landing = Path(os.environ.setdefault("LANDING_DIR", str(REPO / "landing")))
    lakehouse = Path(os.environ.setdefault("LAKEHOUSE_DIR", str(REPO / "lakehouse")))
    schema = os.environ.setdefault("LAKEHOUSE_SCHEMA", "lakehouse")
    if not spark_can_start(lakehouse):
        return 2

    if (landing / "_producer_state.json").exists():
        print(f"{landing} already holds landed events: building what is there "
              "(land more with .venv/bin/python scripts/produce_events.py)")
    else:
        print(f"landing a week of synthetic events in {landing}/events ...")
        produce_history(landing, Knobs(days=7, events_per_day=3000, batches=14))

    if not (landing / "orders").exists():
        print(f"landing a week of orders changes in {landing}/orders ...")
        produce_orders(landing, OrderKnobs(days=7, orders_per_day=60, batches=4))

    if not (landing / "sales").exists():
        print(f"landing a week of retail feeds (customers, products, stores, sales) in {landing} ...")
        produce_retail(landing, RetailKnobs(days=7, sales_per_day=500, batches=7))

    if not (landing / "neows").exists():
        print(f"landing a recorded month of NASA NeoWs responses in {landing}/neows (no network) ...")
        if fetch_neows(["--recorded", "--landing-dir", str(landing), "--start-date", "2025-01-01", "--days", "31"]):
            return 1

    os.chdir(REPO)
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["build", "--project-dir", str(REPO), "--profiles-dir", str(REPO)])
    if not result.success:
        print("error: dbt build failed (see the output above and logs/dbt.log)", file=sys.stderr)
        return 1

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    print("\n=== gold marts ===")
    for title, sql in SUMMARY_SQL.items():
        print(f"\n{title}")
        spark.sql(sql.format(schema=schema)).show(truncate=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
