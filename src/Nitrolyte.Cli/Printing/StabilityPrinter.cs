using System.Globalization;
using Nitrolyte.Thermodynamics;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `stability hull|window|interface|vacancy` (their JSON is Reports/Json/StabilityJson).</summary>
internal static class StabilityPrinter
{
    /// <summary>The diagram's summary line and its entries (the stable ones unless <paramref name="all"/>), lowest E above hull first.</summary>
    public static void Hull(PhaseDiagram pd, IReadOnlyList<double> ea, bool all)
    {
        AnsiConsole.WriteLine($"{string.Join("-", pd.Elements)}: {pd.AllEntries.Count} entries, {pd.StableEntries.Count} stable" +
                              (pd.OpenChemicalPotentialsEV.Count > 0 ? $" (open: {string.Join(", ", pd.OpenChemicalPotentialsEV.Select(kv => $"μ_{kv.Key} = {kv.Value} eV"))})" : ""));
        var t = new Table().AddColumn("entry").AddColumn("formula").AddColumn("E_f (eV/atom)").AddColumn("E above hull (meV/atom)").AddColumn("decomposition");
        var rows = Enumerable.Range(0, pd.AllEntries.Count).Where(i => all || pd.IsStable(pd.AllEntries[i]))
            .OrderBy(i => ea[i]).ThenBy(i => pd.FormationEnergyPerAtomEV(pd.AllEntries[i]));
        foreach (var i in rows)
        {
            var e = pd.AllEntries[i];
            var dec = pd.DecompositionAndEAboveHull(e).Decomposition;
            t.AddEscapedRow(e.Name, (pd.OriginalOf.TryGetValue(e, out var oe) ? oe : e).Formula, $"{pd.FormationEnergyPerAtomEV(e):0.0000}", $"{ea[i] * 1000:0.0}",
                pd.IsStable(e) ? "(stable)" : string.Join(" + ", dec.Parts.Select(x => $"{x.Fraction:0.###} {x.Entry.Name}")));
        }
        AnsiConsole.Write(t);
    }

    public static void Window(StabilityWindow w, MaterialInDiagram placed, string el)
    {
        AnsiConsole.WriteLine($"{w.Formula}: window {Fmt(w.LowV)} – {Fmt(w.HighV)} V vs {el}/{el}+" +
                              (placed.Entry is null ? " (no entry with this composition)" : $"; e_above_hull {w.EAboveHullEVPerAtom * 1000:0.0} meV/atom ({placed.Entry.Name})"));
        AnsiConsole.WriteLine(w.Note);
        var t = new Table().AddColumn("from V").AddColumn($"μ_{el} (eV)").AddColumn($"{el} gained per f.u.").AddColumn("phase equilibrium");
        foreach (var s in w.Profile)
            t.AddEscapedRow($"{s.VoltageV:0.000}", $"{s.ChemicalPotentialEV:0.0000}", $"{s.GainedPerFormulaUnit:+0.###;-0.###;0}", string.Join(" + ", s.Phases.Select(x => x.Entry.Name)));
        AnsiConsole.Write(t);
    }

    public static void Interface(InterfaceReactionResult r)
    {
        AnsiConsole.WriteLine($"{r.A} | {r.B}{(r.OpenElement is null ? "" : $" (open {r.OpenElement}, μ = {r.OpenChemicalPotentialEV:0.####} eV)")}: " +
                              $"most negative {r.Minimum.EnergyEVPerAtom * 1000:0.0} meV/atom at x = {r.Minimum.X:0.####} → {string.Join(" + ", r.Minimum.Products.Select(x => x.Entry.Name))}");
        var t = new Table().AddColumn($"x ({r.A})").AddColumn("ΔE (eV/atom)").AddColumn("products");
        foreach (var k in r.Kinks) t.AddEscapedRow($"{k.X:0.####}", $"{k.EnergyEVPerAtom:0.0000}", string.Join(" + ", k.Products.Select(x => $"{x.Fraction:0.###} {x.Entry.Name}")));
        AnsiConsole.Write(t);
    }

    public static void Vacancy(VacancySummary s)
    {
        var t = new Table().AddColumn("site").AddColumn("E[[defective]] (eV)").AddColumn("ΔE_vac (eV)");
        foreach (var x in s.Sites) t.AddEscapedRow(x.Label, $"{x.DefectEnergyEV:0.####}", $"{x.FormationEnergyEV:0.###}");
        AnsiConsole.Write(t);
        AnsiConsole.WriteLine($"mean {s.MeanEV:0.###} eV, minimum {s.MinEV:0.###} eV ({s.MinSite}), maximum {s.MaxEV:0.###} eV");
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "∞";
}
