using System.CommandLine;
using Nitrolyte.Chemistry;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Reports;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>stability hull|window|interface|vacancy</c>: phase diagrams and stability from computed (DFT) energies (vacancy: <see cref="StabilityVacancyCommand"/>).</summary>
public static class StabilityCommand
{
    public static Command Create()
    {
        var cmd = new Command("stability", "Thermodynamic stability from computed energies: convex hull and energy above hull, electrochemical window vs Li, interface reactions, vacancy formation energies.");
        cmd.Add(Hull());
        cmd.Add(Window());
        cmd.Add(Interface());
        cmd.Add(StabilityVacancyCommand.Create());
        return cmd;
    }

    private static Argument<string[]> EntriesArgument() => new("entries")
    {
        Description = "Entries file(s): pymatgen/Materials Project JSON (ComputedEntry, ComputedStructureEntry; list or dict), CSV (Name,El1,...,Final energy) or VASP vasprun.xml(.gz).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<string?> HtmlOption() => new("--html") { Description = "Also write an HTML page with the plot(s) to this file." };

    private static EntrySet Load(string[] files, string? htmlOut)
    {
        if (htmlOut is not null) Core.OutputGuard.EnsureNotInput(htmlOut, "--html", files);
        var set = EntryReader.ReadAll(files);
        if (set.DuplicatesDropped > 0) Console.Error.WriteLine($"note: {set.DuplicatesDropped} exact duplicate entr{(set.DuplicatesDropped == 1 ? "y" : "ies")} dropped");
        return set;
    }

    private static Composition Formula(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"{option} is required");
        return StabilityAnalysis.ParseFormula(text);
    }

    private static void WriteHtml(string? path, string title, IEnumerable<PlotFigure> figures, IEnumerable<string> paragraphs)
    {
        if (path is null) return;
        var s = new ReportSection { Key = "stability", Title = title };
        s.Paragraphs.AddRange(paragraphs);
        s.Figures.AddRange(figures);
        HtmlOutput.Write(s, title, path);
    }

    // ------------------------------------------------------------------ hull

    private static Command Hull()
    {
        var entries = EntriesArgument();
        var elements = new Option<string?>("--elements") { Description = "Restrict to this chemical system, e.g. Li,Fe,O (default: every element in the entries)." };
        var open = new Option<string?>("--open") { Description = "Open element for a grand potential diagram (with --mu-ev)." };
        var mu = new Option<double?>("--mu-ev") { Description = "Chemical potential of the open element (absolute, eV/atom)." };
        var all = new Option<bool>("--all") { Description = "List every entry in the table, not only the stable ones." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("hull", "Build the phase diagram (lower convex hull of formation energy per atom): stable phases, formation energy, energy above hull and decomposition of every entry.")
        {
            entries, elements, open, mu, all, html, json,
        };
        cmd.SetHandler(p =>
        {
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var els = p.GetValue(elements) is { } es ? es.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            if (els is not null) foreach (var el in els) if (!Element.TryGet(el, out _)) throw new UsageException($"--elements: '{el}' is not an element symbol");
            PhaseDiagram pd;
            if (p.GetValue(open) is { } o)
            {
                if (p.GetValue(mu) is not { } m) throw new UsageException("--open needs --mu-ev");
                pd = PhaseDiagram.Grand(set.Entries, new Dictionary<string, double> { [o] = m }, els);
            }
            else
            {
                if (p.GetValue(mu) is not null) throw new UsageException("--mu-ev needs --open");
                pd = new PhaseDiagram(els is null ? set.Entries : StabilityAnalysis.InSystem(set.Entries, els), els);
            }
            var ea = pd.EAboveHullAll();
            if (p.GetValue(json)) CommandRunner.PrintJson(StabilityJson.Hull(pd, ea, set.DuplicatesDropped));
            else StabilityPrinter.Hull(pd, ea, p.GetValue(all));
            if (p.GetValue(html) is { } h)
                WriteHtml(h, $"Phase diagram {string.Join("-", pd.Elements)}",
                    pd.Elements.Count == 3 && pd.StableEntries.Count <= 60 ? [StabilityPlots.Ternary(pd)] : pd.Elements.Select(el => StabilityPlots.HullProjection(pd, el)).Take(1),
                    [$"{pd.AllEntries.Count} entries, stable: {string.Join(", ", pd.StableEntries.Select(e => e.Name))}."]);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ window

    private static Command Window()
    {
        var entries = EntriesArgument();
        var formula = new Option<string>("--formula") { Description = "Composition of the material, e.g. Li9N2Cl3.", Required = true };
        var open = new Option<string>("--open") { Description = "Open element (default Li): the window is in potential vs its metal.", DefaultValueFactory = _ => "Li" };
        var energy = new Option<double?>("--energy-ev") { Description = "Total energy (eV) of the formula as written, if the material is not among the entries." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var figures = new FigureOutput();
        var cmd = new Command("window", "Electrochemical stability window vs Li/Li+ from the Li grand potential: the equilibrium voltage profile (phases and Li gained or lost at each step) and the range where the material exchanges no Li.")
        {
            entries, formula, open, energy, html, json,
        };
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(entries)!);
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var f = Formula(p.GetValue(formula), "--formula");
            var el = p.GetValue(open)!;
            if (!Element.TryGet(el, out _)) throw new UsageException($"--open: '{el}' is not an element symbol");
            if (!f.Elements.Contains(el) && f.Amounts.Count == 0) throw new UsageException("--formula is empty");
            var placed = StabilityAnalysis.Place(set.Entries, f, p.GetValue(energy), [el]);
            var w = ElementProfile.Window(placed.Diagram, f, el, placed.Entry);
            if (p.GetValue(json)) CommandRunner.PrintJson(StabilityJson.Window(w, placed));
            else StabilityPrinter.Window(w, placed, el);
            var figs = new List<PlotFigure> { StabilityPlots.VoltageProfile(w) };
            if (placed.Entry is { } pe)
                figs.Add(StabilityPlots.DecompositionEnergy(w, f, pe.EnergyPerAtomEV * f.TotalAtoms, placed.Diagram.ReferenceEnergyPerAtomEV(el)));
            WriteHtml(p.GetValue(html), $"Stability window of {w.Formula}", figs, [w.Note]);
            if (figures.Wanted(p)) figures.Write(p, figs);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ interface

    private static Command Interface()
    {
        var entries = EntriesArgument();
        var a = new Option<string>("--a") { Description = "First reactant (e.g. the electrolyte), a formula.", Required = true };
        var b = new Option<string>("--b") { Description = "Second reactant (e.g. Li or a cathode), a formula.", Required = true };
        var open = new Option<string?>("--open") { Description = "Open element (e.g. Li or O) for a reaction at fixed chemical potential." };
        var mu = new Option<double?>("--mu-ev") { Description = "Chemical potential of the open element (absolute eV/atom)." };
        var volt = new Option<double?>("--voltage-v") { Description = "Alternatively, the potential vs the open element's metal (μ = μ_ref − V)." };
        var hull = new Option<bool>("--use-hull-energy") { Description = "Use the hull energy for the reactants instead of their lowest entry (closed system)." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("interface", "Pseudo-binary interface reaction: reaction energy ΔE(x) over the mixing ratio, its kinks and the most negative reaction with its products.")
        {
            entries, a, b, open, mu, volt, hull, html, json,
        };
        cmd.SetHandler(p =>
        {
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var ca = Formula(p.GetValue(a), "--a");
            var cb = Formula(p.GetValue(b), "--b");
            var el = p.GetValue(open);
            if (el is not null && !Element.TryGet(el, out _)) throw new UsageException($"--open: '{el}' is not an element symbol");
            var els = ca.Elements.Concat(cb.Elements).Concat(el is null ? [] : [el]).Distinct().ToList();
            var sys = StabilityAnalysis.InSystem(set.Entries, els);
            InterfaceReactionResult r;
            if (el is null)
            {
                if (p.GetValue(mu) is not null || p.GetValue(volt) is not null) throw new UsageException("--mu-ev/--voltage-v need --open");
                r = InterfaceReaction.Compute(new PhaseDiagram(sys, els), ca, cb, p.GetValue(hull));
            }
            else
            {
                double m;
                if (p.GetValue(mu) is { } mm) m = mm;
                else if (p.GetValue(volt) is { } v) m = StabilityAnalysis.MuFromVoltage(new PhaseDiagram(sys, els), el, v);
                else throw new UsageException("--open needs --mu-ev or --voltage-v");
                r = InterfaceReaction.ComputeOpen(sys, ca, cb, el, m);
            }
            if (p.GetValue(json)) CommandRunner.PrintJson(StabilityJson.Interface(r));
            else StabilityPrinter.Interface(r);
            WriteHtml(p.GetValue(html), $"Interface {r.A} | {r.B}", [StabilityPlots.InterfaceEnergy(r)], []);
            return 0;
        });
        return cmd;
    }
}
