"""bench/chart.png from one run's results: throughput ratios, latency, uncached reads, and reads beside a writer."""

from pathlib import Path

from .targets import LATENCY_FACTOR, MIXED_TARGET, NOT_MEASURED, RATIO_TARGETS, SEARCH_P50_MS, short

COLORS = ["#4c72b0", "#dd8452", "#c44e52", "#55a868"]
LATENCY_NAMES = ["list", "list_deep", "list_search", "retrieve"]


def write_chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = result["scales"]
    uncached = all("uncached" in scale for scale in scales)
    fig, grid = plt.subplots(2, 2, figsize=(16, 11))
    axes = grid.flatten()
    width = 0.8 / len(scales)
    chart_ratios(axes[0], result, width)
    chart_latency(axes[1], scales, width)
    if uncached:
        chart_uncached(axes[2], scales, width)
    else:
        axes[2].set_axis_off()
    chart_mixed(axes[3], result)
    fig.suptitle(f"Men API benchmark, {result['date']} ({result['mode']} run, revision {result['revision']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def grouped_bars(axis, scales: list[dict], names: list[str], value, width: float, fmt: str) -> None:
    """One group of bars per name, one bar per table size."""
    for i, scale in enumerate(scales):
        positions = [x + (i - (len(scales) - 1) / 2) * width for x in range(len(names))]
        values = [value(scale, name) for name in names]
        bars = axis.bar(positions, values, width, label=f"{scale['records']:,} records", color=COLORS[i % len(COLORS)])
        axis.bar_label(bars, fmt=fmt, fontsize=7, padding=1)


def chart_ratios(axis, result: dict, width: float) -> None:
    scales = result["scales"]
    names = [name for name in scales[0]["scenarios"] if name != "ceiling"]
    grouped_bars(axis, scales, names, lambda scale, name: scale["scenarios"][name]["ratio"], width, "%.2f")
    for x, name in enumerate(names):
        if name in RATIO_TARGETS:
            axis.hlines(RATIO_TARGETS[name], x - 0.45, x + 0.45, colors="black", linestyles="--", linewidth=1.5)
    axis.plot([], [], "k--", label="target")
    axis.set_xticks(range(len(names)), [scales[0]["scenarios"][n]["label"] for n in names], rotation=30, ha="right")
    axis.set_ylabel("throughput ÷ ceiling (higher is better)")
    axis.set_title(f"Throughput as a share of the ceiling ({result['settings']['connections']} connections)")
    axis.set_ylim(0, 1.05)
    axis.legend(fontsize=8)
    axis.grid(axis="y", alpha=0.3)


def latency_lines(axis, base: float) -> None:
    axis.axhline(LATENCY_FACTOR * base, color="black", linestyle="--", linewidth=1.2, label="1.5× first page at 1k")
    axis.axhline(SEARCH_P50_MS, color="grey", linestyle=":", linewidth=1.2, label=f"{SEARCH_P50_MS} ms (search target)")
    axis.set_yscale("log")
    plain_log_ticks(axis)
    axis.legend(fontsize=8)
    axis.grid(axis="y", alpha=0.3, which="both")


def chart_latency(axis, scales: list[dict], width: float) -> None:
    grouped_bars(
        axis, scales, LATENCY_NAMES, lambda scale, name: scale["scenarios"][name]["c1"]["p50_ms"], width, "%.1f"
    )
    latency_lines(axis, scales[0]["scenarios"]["list"]["c1"]["p50_ms"])
    labels = [scales[0]["scenarios"][n]["label"] for n in LATENCY_NAMES]
    axis.set_xticks(range(len(LATENCY_NAMES)), labels, rotation=30, ha="right")
    axis.set_ylabel("p50 latency, ms, log scale (lower is better)")
    axis.set_title("Latency at one connection (repeated reads: record cache)")


def chart_uncached(axis, scales: list[dict], width: float) -> None:
    names = list(scales[0]["uncached"])
    grouped_bars(axis, scales, names, lambda scale, name: scale["uncached"][name]["p50_ms"], width, "%.1f")
    latency_lines(axis, scales[0]["uncached"]["list"]["p50_ms"])
    axis.set_xticks(range(len(names)), [scales[0]["uncached"][n]["label"] for n in names], rotation=30, ha="right")
    axis.set_ylabel("p50 ms, log scale (lower is better)")
    axis.set_title("Uncached reads, in-process (first read after a write)")


def chart_mixed(axis, result: dict) -> None:
    """List throughput beside a writer, as a share of the readers alone in the same round, per table size."""
    measured = [scale for scale in result["scales"] if "mixed" in scale]
    rate = result["settings"].get("writer_rate", 20)
    axis.set_title("Reads beside one writer (÷ readers only, same round)")
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("list throughput ÷ readers only (higher is better)")
    if not measured:
        axis.text(0.5, 0.5, NOT_MEASURED, ha="center", va="center", transform=axis.transAxes, fontsize=12)
        axis.set_xticks([])
        return
    variants = [("paced", f"writer at {rate:g} PATCH/s"), ("unpaced", "unpaced writer")]
    width = 0.8 / len(variants)
    for i, (variant, label) in enumerate(variants):
        positions = [x + (i - (len(variants) - 1) / 2) * width for x in range(len(measured))]
        values = [scale["mixed"][variant]["ratio"] for scale in measured]
        bars = axis.bar(positions, values, width, label=label, color=COLORS[(i + 2) % len(COLORS)])
        axis.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    axis.axhline(MIXED_TARGET, color="black", linestyle="--", linewidth=1.2, label=f"target {MIXED_TARGET:.2f} (paced)")
    axis.set_xticks(range(len(measured)), [f"{short(scale['records'])} records" for scale in measured])
    axis.legend(fontsize=8)
    axis.grid(axis="y", alpha=0.3)


def plain_log_ticks(axis) -> None:
    """Tick labels such as 2, 5, 20 on a log axis, not 2×10⁰."""
    from matplotlib.ticker import FormatStrFormatter

    axis.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    axis.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
