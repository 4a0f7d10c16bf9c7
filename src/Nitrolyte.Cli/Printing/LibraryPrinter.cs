using System.Globalization;
using Nitrolyte.Library;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `library list|show|compare` (their JSON is Reports/Json/LibraryJson).</summary>
internal static class LibraryPrinter
{
    public static void List(IEnumerable<LiteratureEntry> rows)
    {
        var t = new Table().Border(TableBorder.Simple).AddColumn("id").AddColumn("material")
            .AddColumn(new TableColumn("σ (S/cm)").RightAligned()).AddColumn(new TableColumn("T (°C)").RightAligned())
            .AddColumn(new TableColumn("Ea (eV)").RightAligned()).AddColumn("family");
        foreach (var r in rows)
            t.AddEscapedRow(r.Id, r.Name, LiteraturePlot.SigmaText(r), r.TemperatureC is { } tc ? tc.ToString("0.##", CultureInfo.InvariantCulture) : "—", LiteraturePlot.EaText(r), r.Family);
        AnsiConsole.Write(t);
    }

    public static void Show(LiteratureEntry e)
    {
        var t = new Table().AddColumn("field").AddColumn("value");
        t.AddEscapedRow("id", e.Id);
        t.AddEscapedRow("name", e.Name);
        t.AddEscapedRow("formula", e.Formula ?? "— (not given by the source)");
        t.AddEscapedRow("family", e.Family);
        t.AddEscapedRow("structure", e.Structure ?? "—");
        t.AddEscapedRow("space group", e.SpaceGroup ?? "—");
        t.AddEscapedRow("σ", e.SigmaSPerCm is { } sg ? $"{sg:0.0##e+0} S/cm at {e.TemperatureC:0.##} °C{(e.Extrapolated ? " (extrapolated from an Arrhenius plot by the source)" : "")}" : "— (not given)");
        if (e.Sigma25C is { } s25 && e.TemperatureC is { } tc && Math.Abs(tc - 25) > 1e-9)
            t.AddEscapedRow("σ(25 °C) from Ea", $"{s25:0.0##e+0} S/cm ({(e.PlotForm == Arrhenius.ArrheniusForm.SigmaT ? "σT" : "σ")} form)");
        t.AddEscapedRow("Ea", e.EaEV is { } ea ? $"{ea:0.00#} eV{(e.EaForm is { } f ? $" ({f} form)" : " (form not stated; σT assumed for plots)")}" : "—");
        if (e.EaHighTEV is { } h) t.AddEscapedRow("Ea above transition", $"{h:0.00#} eV above {e.TransitionC:0} °C");
        t.AddEscapedRow("synthesis", e.Synthesis ?? "—");
        t.AddEscapedRow("source", e.Source);
        t.AddEscapedRow("reference", e.Reference ?? "—");
        if (e.ReviewTable is { } tb) t.AddEscapedRow("review table", $"Table {tb}: '{e.TableLabel}'");
        if (e.DensityGPerCm3 is { } rho) t.AddEscapedRow("density", $"{rho:0.###} g/cm³");
        t.AddEscapedRow("origin", e.Origin == EntryOrigin.User ? "user (library add)" : "literature data file");
        if (e.Notes is not null) t.AddEscapedRow("notes", e.Notes);
        AnsiConsole.Write(t);
    }

    /// <summary>The side-by-side table of `library compare` (the plot is Reports/LiteraturePlot).</summary>
    public static void Compare(IReadOnlyList<LiteratureEntry> picked)
    {
        var t = new Table().Border(TableBorder.Simple).AddColumn("material").AddColumn("family")
            .AddColumn(new TableColumn("σ (S/cm)").RightAligned()).AddColumn(new TableColumn("T (°C)").RightAligned())
            .AddColumn(new TableColumn("σ(25 °C)").RightAligned()).AddColumn(new TableColumn("Ea (eV)").RightAligned());
        foreach (var r in picked)
            t.AddEscapedRow(r.Name, r.Family, LiteraturePlot.SigmaText(r), r.TemperatureC?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—",
                r.Sigma25C is { } v ? v.ToString("0.0##e+0", CultureInfo.InvariantCulture) : "—", LiteraturePlot.EaText(r));
        AnsiConsole.Write(t);
    }
}
