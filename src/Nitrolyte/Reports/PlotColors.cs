namespace Nitrolyte.Reports;

/// <summary>
/// The one colour palette of the plots (interactive and static): series take <see cref="Series"/> in order and wrap.
/// The first six are the Tableau-like colours every plot used before; the rest give twelve distinct series.
/// </summary>
public static class PlotColors
{
    public static readonly IReadOnlyList<string> Series =
        ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a"];

    /// <summary>The colour of the <paramref name="index"/>-th series (wrapping).</summary>
    public static string At(int index) => Series[((index % Series.Count) + Series.Count) % Series.Count];
}
